package dev.bootkeeper.dhcp;

import dev.bootkeeper.boot.Ipv4;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One IPv4 network the full server hands out addresses on.
 *
 * @param network the network address (host bits zero)
 * @param prefix the prefix length, 8..30
 * @param first the first dynamic address
 * @param last the last dynamic address (inclusive)
 * @param router option 3, when set
 * @param dns option 6
 * @param domain option 15, when set
 * @param leaseTime option 51 for dynamic and reserved clients
 * @param options further options for this network's clients (a host's own override them)
 */
public record Subnet(
    Inet4Address network,
    int prefix,
    Inet4Address first,
    Inet4Address last,
    Optional<Inet4Address> router,
    List<Inet4Address> dns,
    Optional<String> domain,
    Duration leaseTime,
    List<ConfiguredOption> options) {

  /** A subnet without further options. */
  public Subnet(
      Inet4Address network,
      int prefix,
      Inet4Address first,
      Inet4Address last,
      Optional<Inet4Address> router,
      List<Inet4Address> dns,
      Optional<String> domain,
      Duration leaseTime) {
    this(network, prefix, first, last, router, dns, domain, leaseTime, List.of());
  }

  public Subnet {
    options = options == null ? List.of() : List.copyOf(options);
    if (prefix < 8 || prefix > 30) {
      throw new IllegalArgumentException("prefix /" + prefix + " is not between /8 and /30");
    }
    if ((Ipv4.toInt(network) & ~maskInt(prefix)) != 0) {
      throw new IllegalArgumentException(
          network.getHostAddress() + "/" + prefix + " has host bits set");
    }
    router = router == null ? Optional.empty() : router;
    dns = dns == null ? List.of() : List.copyOf(dns);
    domain = domain == null ? Optional.empty() : domain;
    if (leaseTime == null || leaseTime.getSeconds() < 60) {
      throw new IllegalArgumentException("a lease lasts at least 60 seconds");
    }
    int mask = maskInt(prefix);
    int net = Ipv4.toInt(network);
    if ((Ipv4.toInt(first) & mask) != net
        || (Ipv4.toInt(last) & mask) != net
        || Ipv4.unsigned(first) > Ipv4.unsigned(last)) {
      throw new IllegalArgumentException(
          "range "
              + first.getHostAddress()
              + "-"
              + last.getHostAddress()
              + " is not an ascending range inside "
              + network.getHostAddress()
              + "/"
              + prefix);
    }
    if (first.equals(network) || Ipv4.toInt(last) == (net | ~mask)) {
      throw new IllegalArgumentException(
          "the range must not include the network or broadcast address");
    }
  }

  /** Parses {@code a.b.c.d/n}, normalising host bits away is refused (a likely typo). */
  public static Subnet of(
      String cidr,
      String range,
      Optional<Inet4Address> router,
      List<Inet4Address> dns,
      Optional<String> domain,
      Duration leaseTime) {
    String[] c = cidr.trim().split("/");
    if (c.length != 2 || !c[1].matches("\\d{1,2}")) {
      throw new IllegalArgumentException("'" + cidr + "' is not a CIDR such as 192.168.1.0/24");
    }
    String[] r = range.trim().split("-");
    if (r.length != 2) {
      throw new IllegalArgumentException(
          "'" + range + "' is not a range such as 192.168.1.100-192.168.1.199");
    }
    return new Subnet(
        Ipv4.require(c[0]),
        Integer.parseInt(c[1]),
        Ipv4.require(r[0]),
        Ipv4.require(r[1]),
        router,
        dns,
        domain,
        leaseTime,
        List.of());
  }

  /** This subnet with these further options. */
  public Subnet withOptions(List<ConfiguredOption> newOptions) {
    return new Subnet(network, prefix, first, last, router, dns, domain, leaseTime, newOptions);
  }

  static int maskInt(int prefix) {
    return prefix == 0 ? 0 : -1 << (32 - prefix);
  }

  public Inet4Address mask() {
    return Ipv4.fromInt(maskInt(prefix));
  }

  public Inet4Address broadcast() {
    return Ipv4.fromInt(Ipv4.toInt(network) | ~maskInt(prefix));
  }

  public boolean contains(Inet4Address a) {
    return (Ipv4.toInt(a) & maskInt(prefix)) == Ipv4.toInt(network);
  }

  public boolean inRange(Inet4Address a) {
    long v = Ipv4.unsigned(a);
    return v >= Ipv4.unsigned(first) && v <= Ipv4.unsigned(last);
  }

  /** A usable host address: inside the subnet, neither the network nor the broadcast address. */
  public boolean isHost(Inet4Address a) {
    return contains(a) && !a.equals(network) && !a.equals(broadcast());
  }

  public long rangeSize() {
    return Ipv4.unsigned(last) - Ipv4.unsigned(first) + 1;
  }

  @Override
  public String toString() {
    return network.getHostAddress() + "/" + prefix;
  }
}
