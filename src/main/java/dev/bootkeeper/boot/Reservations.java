package dev.bootkeeper.boot;

import dev.bootkeeper.store.Host;
import dev.bootkeeper.store.StoreChanges;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fixed addresses of hosts, which DHCP asks about for every DISCOVER and REQUEST (and for every
 * candidate address). Read with one query and kept until a host changes ({@link StoreChanges}), so
 * a DHCP packet costs no database transaction for them.
 */
@ApplicationScoped
public class Reservations {

  private record Snapshot(
      long version,
      Map<MacAddress, Inet4Address> byMac,
      Map<Inet4Address, List<MacAddress>> byIp) {}

  private volatile Snapshot current;

  /** The address reserved for {@code mac}, if any. */
  public Optional<Inet4Address> of(MacAddress mac) {
    return Optional.ofNullable(snapshot().byMac().get(mac));
  }

  /** Whether {@code ip} is the fixed address of a host other than {@code mac}. */
  public boolean reservedForOther(Inet4Address ip, MacAddress mac) {
    return snapshot().byIp().getOrDefault(ip, List.of()).stream().anyMatch(o -> !o.equals(mac));
  }

  private Snapshot snapshot() {
    long version = StoreChanges.version(StoreChanges.Area.HOSTS);
    Snapshot s = current;
    if (s != null && s.version() == version) {
      return s;
    }
    Snapshot read = QuarkusTransaction.joiningExisting().call(() -> read(version));
    current = read;
    return read;
  }

  private static Snapshot read(long version) {
    Map<MacAddress, Inet4Address> byMac = new HashMap<>();
    Map<Inet4Address, List<MacAddress>> byIp = new HashMap<>();
    Host.getEntityManager()
        .createQuery(
            "select h.mac, h.ip from Host h where h.ip is not null and h.ip <> ''", Object[].class)
        .getResultStream()
        .forEach(
            row ->
                Ipv4.parse((String) row[1])
                    .ifPresent(
                        ip -> {
                          MacAddress mac = MacAddress.of((String) row[0]);
                          byMac.put(mac, ip);
                          byIp.computeIfAbsent(ip, k -> new ArrayList<>()).add(mac);
                        }));
    return new Snapshot(version, Map.copyOf(byMac), Map.copyOf(byIp));
  }
}
