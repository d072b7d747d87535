package dev.bootkeeper.dhcp;

import dev.bootkeeper.boot.ClientDirectory;
import dev.bootkeeper.boot.DhcpOptionSpec;
import dev.bootkeeper.boot.Ipv4;
import dev.bootkeeper.boot.MacAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the DHCP server alone (no Quarkus) for the network-namespace tests and the benchmark: {@link
 * FakePolicy}, no-op events, and leases in memory or, with {@code store=<path>}, in an H2 file
 * database through the appliance's {@link JdbcLeaseStore} (its URL options and migration).
 * Arguments are {@code key=value}: mode, server, subnet, range, router, dns, domain, lease
 * (seconds), reserve (mac@ip), port, proxy-port, workers, events (true to print them), store,
 * options (the first subnet's options as the stored JSON), host-options (mac@JSON), vendor
 * (vendor-class=file), subnet2/range2 and subnet3/range3 (further subnets for relayed clients).
 * Prints {@code READY} when bound and runs until stdin closes.
 */
public final class DhcpTestServerMain {

  private DhcpTestServerMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      a.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    DhcpMode mode = DhcpMode.valueOf(a.getOrDefault("mode", "full").toUpperCase());
    java.net.Inet4Address server = Ipv4.require(a.get("server"));
    List<Subnet> subnets = List.of();
    if (a.containsKey("subnet")) {
      subnets =
          List.of(
              Subnet.of(
                  a.get("subnet"),
                  a.get("range"),
                  Optional.ofNullable(a.get("router")).map(Ipv4::require),
                  a.containsKey("dns")
                      ? java.util.Arrays.stream(a.get("dns").split(",")).map(Ipv4::require).toList()
                      : List.of(),
                  Optional.ofNullable(a.get("domain")),
                  Duration.ofSeconds(Long.parseLong(a.getOrDefault("lease", "3600")))));
    }
    if (a.containsKey("options")) {
      subnets =
          List.of(
              subnets
                  .get(0)
                  .withOptions(
                      ConfiguredOption.parse(
                          "options", DhcpOptionSpec.fromJson(a.get("options")))));
    }
    for (String n : List.of("2", "3")) {
      if (a.containsKey("subnet" + n)) {
        subnets =
            java.util.stream.Stream.concat(
                    subnets.stream(),
                    java.util.stream.Stream.of(
                        Subnet.of(
                            a.get("subnet" + n),
                            a.get("range" + n),
                            Optional.empty(),
                            List.of(),
                            Optional.empty(),
                            Duration.ofHours(1))))
                .toList();
      }
    }
    List<VendorBootFile> vendors = List.of();
    if (a.containsKey("vendor")) {
      vendors = VendorBootFile.fromConfig(List.of(a.get("vendor")));
    }
    FakePolicy policy = new FakePolicy(server);
    if (a.containsKey("host-options")) {
      String[] h = a.get("host-options").split("@", 2);
      policy.hostOptions.put(MacAddress.of(h[0]), DhcpOptionSpec.fromJson(h[1]));
    }
    if (a.containsKey("reserve")) {
      String[] r = a.get("reserve").split("@");
      policy.reservations.put(MacAddress.of(r[0]), Ipv4.require(r[1]));
    }
    boolean printEvents = Boolean.parseBoolean(a.getOrDefault("events", "false"));
    DhcpServer s =
        new DhcpServer(
            policy,
            a.containsKey("store")
                ? H2LeaseDatabase.open(a.get("store"))
                : new InMemoryLeaseStore(),
            new ClientDirectory(),
            e -> {
              if (printEvents) {
                System.out.println(
                    "EVENT " + e.step() + " " + e.mac() + " " + e.ip() + " " + e.detail());
              }
            },
            Clock.systemUTC());
    s.apply(
        new DhcpSettings(
            mode,
            Optional.empty(),
            Ipv4.ANY,
            Integer.parseInt(a.getOrDefault("port", "67")),
            Integer.parseInt(a.getOrDefault("proxy-port", "4011")),
            68,
            server,
            subnets,
            Duration.ofSeconds(60),
            Duration.ofMinutes(10),
            Integer.parseInt(a.getOrDefault("workers", "2")),
            vendors));
    System.out.println("READY");
    System.out.flush();
    while (System.in.read() != -1) {
      // runs until the parent closes stdin
    }
    System.out.println("STATS " + s.stats());
    s.close();
  }
}
