package dev.bootkeeper.dhcp;

import dev.bootkeeper.boot.Ipv4;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the full server would offer one machine, for the explain view: the subnet that serves it,
 * the next server, and each option with where it comes from and whether it is sent unasked. Built
 * from the same subnet and host options {@link FullResponder} sends, merged the same way.
 *
 * @param subnet the subnet, e.g. {@code 192.168.50.0/24}
 * @param nextServer siaddr, sent to every client
 * @param options the options in the order they are sent
 */
public record OfferPreview(String subnet, String nextServer, List<Offered> options) {

  /**
   * @param option the option's name and code, e.g. {@code ntp-servers (42)}
   * @param value the value as a person writes it
   * @param source {@code subnet} or {@code host}
   * @param sent {@code always} or {@code when asked} (the client's option 55 lists it)
   */
  public record Offered(String option, String value, String source, String sent) {}

  static OfferPreview of(Subnet subnet, Inet4Address server, List<ConfiguredOption> host) {
    List<Offered> out = new ArrayList<>();
    String always = "always";
    out.add(new Offered("subnet mask (1)", subnet.mask().getHostAddress(), "subnet", always));
    subnet
        .router()
        .ifPresent(r -> out.add(new Offered("router (3)", r.getHostAddress(), "subnet", always)));
    if (!subnet.dns().isEmpty()) {
      out.add(
          new Offered(
              "dns (6)",
              subnet.dns().stream()
                  .map(Inet4Address::getHostAddress)
                  .collect(Collectors.joining(", ")),
              "subnet",
              always));
    }
    subnet.domain().ifPresent(d -> out.add(new Offered("domain (15)", d, "subnet", always)));
    out.add(
        new Offered("lease time (51)", DhcpNetwork.format(subnet.leaseTime()), "subnet", always));
    Set<Integer> hostCodes = host.stream().map(ConfiguredOption::code).collect(Collectors.toSet());
    for (ConfiguredOption o : ConfiguredOption.merge(subnet.options(), host)) {
      out.add(
          new Offered(
              o.title(),
              o.text(),
              hostCodes.contains(o.code()) ? "host" : "subnet",
              o.always() ? always : "when asked"));
    }
    return new OfferPreview(subnet.toString(), server.getHostAddress(), List.copyOf(out));
  }

  /** The subnet that serves a machine: the one holding its reserved address, else the local one. */
  static Optional<Subnet> subnetFor(DhcpSettings settings, Optional<Inet4Address> reserved) {
    return reserved
        .filter(ip -> !Ipv4.isZero(ip))
        .flatMap(settings::subnetFor)
        .or(settings::localSubnet);
  }
}
