package dev.bootkeeper.dhcp;

import java.net.Inet4Address;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.List;
import java.util.Optional;

/** Turns {@link DhcpConfig} into validated {@link DhcpSettings}, with messages naming the key. */
public final class DhcpSettingsResolver {

  private DhcpSettingsResolver() {}

  /**
   * @param serverIdentity the appliance's address when {@code bootkeeper.server-address} or
   *     detection gave one; the configured interface wins when {@code explicitServerAddress} is
   *     false
   */
  public static DhcpSettings resolve(
      DhcpConfig c, Inet4Address serverIdentity, boolean explicitServerAddress) {
    Inet4Address server = serverIdentity;
    if (c.iface().isPresent() && !explicitServerAddress) {
      server = interfaceAddress(c.iface().get());
    }
    List<Subnet> subnets = List.of();
    if (c.mode() == DhcpMode.FULL) {
      String cidr =
          c.subnet()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "bootkeeper.dhcp.mode=full needs bootkeeper.dhcp.subnet (e.g."
                              + " 192.168.50.0/24)"));
      String range =
          c.range()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "bootkeeper.dhcp.mode=full needs bootkeeper.dhcp.range (e.g."
                              + " 192.168.50.100-192.168.50.199)"));
      try {
        subnets =
            List.of(
                Subnet.of(
                    cidr,
                    range,
                    c.router().map(Ipv4::parse),
                    c.dns().orElse(List.of()).stream().map(Ipv4::parse).toList(),
                    c.domain(),
                    c.leaseTime()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("bootkeeper.dhcp: " + e.getMessage(), e);
      }
    }
    return new DhcpSettings(
        c.mode(),
        c.iface(),
        Ipv4.parse(c.bindAddress()),
        c.port(),
        c.proxyPort(),
        68,
        server,
        subnets,
        c.offerHold(),
        c.declineHold(),
        c.workers());
  }

  static Inet4Address interfaceAddress(String name) {
    try {
      NetworkInterface nif = NetworkInterface.getByName(name);
      if (nif == null) {
        throw new IllegalArgumentException("bootkeeper.dhcp.interface: no interface named " + name);
      }
      Optional<Inet4Address> v4 =
          nif.inetAddresses()
              .filter(a -> a instanceof Inet4Address)
              .map(a -> (Inet4Address) a)
              .findFirst();
      return v4.orElseThrow(
          () ->
              new IllegalArgumentException(
                  "bootkeeper.dhcp.interface: " + name + " has no IPv4 address"));
    } catch (SocketException e) {
      throw new IllegalArgumentException(
          "bootkeeper.dhcp.interface: cannot read " + name + ": " + e.getMessage(), e);
    }
  }
}
