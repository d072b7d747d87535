package dev.bootkeeper.dhcp;

/** What the DHCP side of Bootkeeper does on the network. */
public enum DhcpMode {
  /** No DHCP at all: another server on the network hands out addresses and boot information. */
  OFF,
  /**
   * proxyDHCP (PXE spec 2.1): another server hands out addresses, Bootkeeper adds only the boot
   * information, to PXE clients only.
   */
  PROXY,
  /** Full DHCP server: addresses, options and boot information. */
  FULL
}
