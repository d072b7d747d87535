package dev.bootkeeper.boot;

import java.net.Inet4Address;
import java.util.List;
import java.util.Optional;

/**
 * The one question DHCP asks of the policy. Implementations read the store: call them off the event
 * loop.
 */
public interface BootPolicy {

  /**
   * The boot file for this client's firmware. Never empty: a machine without a host record gets the
   * default profile, and is recorded as discovered.
   */
  DhcpBootAnswer firstStage(BootRequest request);

  /** The IPv4 address reserved for this MAC in its host record, if any. */
  Optional<Inet4Address> reservedAddress(MacAddress mac);

  /**
   * Whether {@code ip} is reserved in the host record of a MAC other than {@code mac}: such an
   * address is never handed to {@code mac} dynamically, even while its owner is switched off.
   */
  boolean isReservedForOther(Inet4Address ip, MacAddress mac);

  /**
   * The DHCP options set on this MAC's host record, as given (the DHCP server checks and encodes
   * them); none when there is no host or it sets none.
   */
  default List<DhcpOptionSpec> dhcpOptions(MacAddress mac) {
    return List.of();
  }

  /**
   * The same answers without recording anything (no sighting, no boot in progress): what the
   * start's warm-up runs synthetic requests through. Policies that record nothing return
   * themselves.
   */
  default BootPolicy withoutRecording() {
    return this;
  }
}
