package dev.bootkeeper.dashboard;

import dev.bootkeeper.boot.Ipv4;
import dev.bootkeeper.dhcp.DhcpControl;
import dev.bootkeeper.dhcp.DhcpMode;
import dev.bootkeeper.dhcp.Lease;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The DHCP server's leases as the dashboard's lease list shows them. */
@ApplicationScoped
public class DhcpLeases {

  /** One lease. Times are already formatted for people. */
  @TemplateData
  public record LeaseRow(
      String ip, String mac, String hostname, String state, String expires, String subnet) {}

  private final DhcpControl dhcp;

  public DhcpLeases(DhcpControl dhcp) {
    this.dhcp = dhcp;
  }

  /** True while Bootkeeper hands out addresses (full mode, running). */
  public boolean serving() {
    return dhcp.mode() == DhcpMode.FULL && dhcp.server().running();
  }

  /** Leases whose IP or MAC contains the search (all when it is empty), by IP. */
  public List<LeaseRow> leases(String search, int page, int pageSize) {
    Instant now = Instant.now();
    return matching(search).stream()
        .skip((long) page * pageSize)
        .limit(pageSize)
        .map(l -> row(l, now))
        .toList();
  }

  /** How many leases match the search. */
  public long count(String search) {
    return matching(search).size();
  }

  private List<Lease> matching(String search) {
    String q = search == null ? "" : search.trim().toLowerCase(Locale.ROOT);
    return dhcp.server().leases().all().stream()
        .filter(
            l ->
                q.isEmpty()
                    || l.ip().getHostAddress().contains(q)
                    || l.mac().colon().contains(q.replace('-', ':')))
        .sorted(Comparator.comparingLong(l -> Ipv4.unsigned(l.ip())))
        .toList();
  }

  private static LeaseRow row(Lease l, Instant now) {
    String state = l.activeAt(now) ? l.state().name().toLowerCase(Locale.ROOT) : "expired";
    return new LeaseRow(
        l.ip().getHostAddress(), l.mac().colon(), "", state, Times.full(l.expires()), "");
  }
}
