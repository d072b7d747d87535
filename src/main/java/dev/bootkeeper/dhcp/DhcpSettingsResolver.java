package dev.bootkeeper.dhcp;

import dev.bootkeeper.boot.Ipv4;
import java.net.Inet4Address;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Turns {@link DhcpConfig} into validated {@link DhcpSettings}, with messages naming the key. */
public final class DhcpSettingsResolver {

  private DhcpSettingsResolver() {}

  /**
   * The settings of the configuration file alone.
   *
   * @param serverIdentity the appliance's address when {@code bootkeeper.server-address} or
   *     detection gave one; the configured interface wins when {@code explicitServerAddress} is
   *     false
   */
  public static DhcpSettings resolve(
      DhcpConfig c, Inet4Address serverIdentity, boolean explicitServerAddress) {
    return base(c, serverIdentity, explicitServerAddress).withNetwork(network(c));
  }

  /**
   * Everything but the mode and the networks (which may come from the store instead): sockets,
   * server address, timers. Returned with mode off.
   */
  public static DhcpSettings base(
      DhcpConfig c, Inet4Address serverIdentity, boolean explicitServerAddress) {
    Inet4Address server = serverIdentity;
    if (c.iface().isPresent() && !explicitServerAddress) {
      server = interfaceAddress(c.iface().get());
    }
    return new DhcpSettings(
        DhcpMode.OFF,
        c.iface(),
        Ipv4.require(c.bindAddress()),
        c.port(),
        c.proxyPort(),
        68,
        server,
        List.of(),
        c.offerHold(),
        c.declineHold(),
        workers(c.workers()));
  }

  /**
   * The configured worker count, or automatic when unset; a configured 0 is an error, not unset.
   */
  static int workers(OptionalInt configured) {
    if (configured.isPresent() && configured.getAsInt() < 1) {
      throw new IllegalArgumentException(
          "bootkeeper.dhcp.workers must be at least 1 (leave it unset to let the server pick)");
    }
    return configured.orElse(DhcpSettings.AUTOMATIC_WORKERS);
  }

  /** The mode and the subnet of the configuration file ({@code bootkeeper.dhcp.*}). */
  public static DhcpNetwork network(DhcpConfig c) {
    List<VendorBootFile> vendors = VendorBootFile.fromConfig(c.vendorBootFiles().orElse(List.of()));
    if (c.mode() != DhcpMode.FULL && c.subnet().isEmpty()) {
      return new DhcpNetwork(c.mode(), List.of(), vendors);
    }
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
      return new DhcpNetwork(
          c.mode(),
          List.of(
              Subnet.of(
                  cidr,
                  range,
                  c.router().map(Ipv4::require),
                  c.dns().orElse(List.of()).stream().map(Ipv4::require).toList(),
                  c.domain(),
                  c.leaseTime())),
          vendors);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bootkeeper.dhcp: " + e.getMessage(), e);
    }
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
