package dev.bootkeeper.store;

/** What a profile boots. */
public enum ProfileKind {
  /** A Linux kernel with its initrds and command line. */
  LINUX,
  /** Another boot loader, chained (an EFI binary, pxelinux, iPXE …). */
  CHAIN,
  /** The machine's own disk. */
  LOCAL,
  /** A raw iPXE script written by the admin. */
  IPXE,
  /** A boot menu at the console: other profiles as entries, a default and a timeout. */
  MENU
}
