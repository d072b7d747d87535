package dev.bootkeeper.boot;

import java.net.Inet4Address;
import java.util.Optional;

/**
 * What the appliance knows about a client at the moment it asks for something.
 *
 * @param mac the client's MAC address
 * @param uuid DHCP option 97, when the firmware sent a usable one
 * @param ip the client's IPv4 address, when it has one
 * @param firmware the firmware family from option 93
 * @param ipxe true when the client is iPXE (user class {@code iPXE} or option 175 present)
 */
public record BootRequest(
    MacAddress mac,
    Optional<ClientUuid> uuid,
    Optional<Inet4Address> ip,
    Firmware firmware,
    boolean ipxe) {

  public BootRequest {
    if (mac == null) {
      throw new IllegalArgumentException("a boot request needs a MAC address");
    }
    uuid = uuid == null ? Optional.empty() : uuid;
    ip = ip == null ? Optional.empty() : ip;
    firmware = firmware == null ? Firmware.UNKNOWN : firmware;
  }

  public static BootRequest of(MacAddress mac) {
    return new BootRequest(mac, Optional.empty(), Optional.empty(), Firmware.UNKNOWN, false);
  }
}
