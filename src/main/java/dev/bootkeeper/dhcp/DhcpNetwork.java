package dev.bootkeeper.dhcp;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.bootkeeper.boot.DhcpOptionSpec;
import dev.bootkeeper.boot.Ipv4;
import io.quarkus.runtime.configuration.DurationConverter;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an administrator changes at run time: the mode and the networks served. Stored as two
 * settings ({@link DhcpNetworkStore}), set through {@code PUT /api/v1/dhcp} or the dashboard, and
 * applied without a restart. Everything else (ports, interface, server address, timers) stays in
 * the configuration file.
 *
 * @param mode off, proxy or full
 * @param subnets the networks served in full mode (kept, unused, in the other modes)
 * @param vendorBootFiles boot files for non-PXE clients by vendor class (full mode)
 */
public record DhcpNetwork(
    DhcpMode mode, List<Subnet> subnets, List<VendorBootFile> vendorBootFiles) {

  private static final Pattern DOMAIN =
      Pattern.compile(
          "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
              + "(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

  public DhcpNetwork {
    subnets = List.copyOf(subnets);
    vendorBootFiles = vendorBootFiles == null ? List.of() : List.copyOf(vendorBootFiles);
  }

  public DhcpNetwork(DhcpMode mode, List<Subnet> subnets) {
    this(mode, subnets, List.of());
  }

  /**
   * One subnet as people write it, and as it is stored (JSON): {@code {"subnet":"192.168.50.0/24",
   * "range":"192.168.50.100-192.168.50.199", "router":"192.168.50.1", "dns":["192.168.50.1"],
   * "domain":"lab.example", "leaseTime":"12h", "options":[{"option":"mtu","value":"9000"}]}}. Only
   * subnet and range are required.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SubnetSpec(
      String subnet,
      String range,
      String router,
      List<String> dns,
      String domain,
      String leaseTime,
      List<DhcpOptionSpec> options) {

    public SubnetSpec(
        String subnet,
        String range,
        String router,
        List<String> dns,
        String domain,
        String leaseTime) {
      this(subnet, range, router, dns, domain, leaseTime, null);
    }

    static SubnetSpec of(Subnet s) {
      return new SubnetSpec(
          s.toString(),
          s.first().getHostAddress() + "-" + s.last().getHostAddress(),
          s.router().map(Inet4Address::getHostAddress).orElse(null),
          s.dns().stream().map(Inet4Address::getHostAddress).toList(),
          s.domain().orElse(null),
          format(s.leaseTime()),
          s.options().isEmpty() ? null : s.options().stream().map(ConfiguredOption::spec).toList());
    }
  }

  public List<SubnetSpec> specs() {
    return subnets.stream().map(SubnetSpec::of).toList();
  }

  /**
   * Parses and checks a mode and subnets as given by a person.
   *
   * @param server this server's address: a subnet must contain it (directly attached clients get
   *     addresses from that one), and no dynamic range may include it
   * @param defaultLease the lease time of a subnet that names none
   * @throws IllegalArgumentException naming the field and what is wrong with it
   */
  public static DhcpNetwork parse(
      String mode, List<SubnetSpec> specs, Inet4Address server, Duration defaultLease) {
    return parse(mode, specs, List.of(), server, defaultLease);
  }

  /**
   * As {@link #parse(String, List, Inet4Address, Duration)}, with boot files by vendor class.
   *
   * @throws IllegalArgumentException naming the field and what is wrong with it
   */
  public static DhcpNetwork parse(
      String mode,
      List<SubnetSpec> specs,
      List<VendorBootFile> vendorBootFiles,
      Inet4Address server,
      Duration defaultLease) {
    DhcpMode m = mode(mode);
    List<VendorBootFile> vendors = VendorBootFile.parse("vendorBootFiles", vendorBootFiles);
    List<Subnet> subnets = new ArrayList<>();
    List<SubnetSpec> given = specs == null ? List.of() : specs;
    for (int i = 0; i < given.size(); i++) {
      subnets.add(subnet("subnets[" + i + "]", given.get(i), server, defaultLease));
    }
    for (int i = 0; i < subnets.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (overlap(subnets.get(i), subnets.get(j))) {
          throw new IllegalArgumentException(
              "subnets["
                  + i
                  + "] ("
                  + subnets.get(i)
                  + ") overlaps subnets["
                  + j
                  + "] ("
                  + subnets.get(j)
                  + "): every network is served once");
        }
      }
    }
    if (m == DhcpMode.FULL) {
      if (subnets.isEmpty()) {
        throw new IllegalArgumentException("mode full needs at least one subnet");
      }
      if (subnets.stream().noneMatch(s -> s.contains(server))) {
        throw new IllegalArgumentException(
            "no subnet contains this server's address "
                + server.getHostAddress()
                + ": machines on this server's own network need one (set the server address with"
                + " bootkeeper.server-address or bootkeeper.dhcp.interface)");
      }
    }
    return new DhcpNetwork(m, subnets, vendors);
  }

  static DhcpMode mode(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("mode is required: off, proxy or full");
    }
    try {
      return DhcpMode.valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "mode '" + clip(text) + "' is not one of off, proxy, full", e);
    }
  }

  private static Subnet subnet(
      String at, SubnetSpec spec, Inet4Address server, Duration defaultLease) {
    if (spec == null) {
      throw new IllegalArgumentException(at + " is empty");
    }
    if (spec.subnet() == null || spec.subnet().isBlank()) {
      throw new IllegalArgumentException(at + ".subnet is required, e.g. 192.168.50.0/24");
    }
    if (spec.range() == null || spec.range().isBlank()) {
      throw new IllegalArgumentException(
          at + ".range is required, e.g. 192.168.50.100-192.168.50.199");
    }
    Optional<Inet4Address> router =
        Optional.ofNullable(spec.router())
            .filter(r -> !r.isBlank())
            .map(r -> address(at + ".router", r));
    List<Inet4Address> dns = new ArrayList<>();
    List<String> dnsGiven = spec.dns() == null ? List.of() : spec.dns();
    for (int i = 0; i < dnsGiven.size(); i++) {
      dns.add(address(at + ".dns[" + i + "]", dnsGiven.get(i)));
    }
    Optional<String> domain = Optional.ofNullable(spec.domain()).filter(d -> !d.isBlank());
    if (domain.isPresent() && !DOMAIN.matcher(domain.get()).matches()) {
      throw new IllegalArgumentException(
          at + ".domain '" + clip(domain.get()) + "' is not a domain name such as lab.example");
    }
    Duration lease =
        spec.leaseTime() == null || spec.leaseTime().isBlank()
            ? defaultLease
            : duration(at + ".leaseTime", spec.leaseTime());
    Subnet s;
    try {
      s = Subnet.of(spec.subnet(), spec.range(), router, dns, domain, lease);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
    }
    s = s.withOptions(ConfiguredOption.parse(at + ".options", spec.options()));
    if (router.isPresent() && !s.isHost(router.get())) {
      throw new IllegalArgumentException(
          at + ".router " + router.get().getHostAddress() + " is not a host address of " + s);
    }
    if (s.inRange(server)) {
      throw new IllegalArgumentException(
          at
              + ".range "
              + spec.range().trim()
              + " contains this server's address "
              + server.getHostAddress()
              + "; start or end the range beside it");
    }
    return s;
  }

  private static Inet4Address address(String at, String text) {
    try {
      return Ipv4.require(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(at + ": '" + clip(text) + "' is not an IPv4 address", e);
    }
  }

  private static Duration duration(String at, String text) {
    Duration d;
    try {
      d = DurationConverter.parseDuration(text.trim());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          at + ": '" + clip(text) + "' is not a duration such as 12h, 30m, 3600 or PT12H", e);
    }
    if (d == null || d.getSeconds() < 60) {
      throw new IllegalArgumentException(at + ": a lease lasts at least 60 seconds");
    }
    return d;
  }

  static boolean overlap(Subnet a, Subnet b) {
    int prefix = Math.min(a.prefix(), b.prefix());
    int mask = Subnet.maskInt(prefix);
    return (Ipv4.toInt(a.network()) & mask) == (Ipv4.toInt(b.network()) & mask);
  }

  /** The shortest of 12h, 30m, 45s that says exactly this duration. */
  static String format(Duration d) {
    long s = d.getSeconds();
    if (s % 86400 == 0) {
      return s / 86400 + "d";
    }
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }

  private static String clip(String text) {
    return text.length() > 60 ? text.substring(0, 60) + "…" : text;
  }
}
