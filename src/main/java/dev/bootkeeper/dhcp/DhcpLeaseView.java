package dev.bootkeeper.dhcp;

import dev.bootkeeper.dashboard.LeaseView;
import dev.bootkeeper.dashboard.Times;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The DHCP server's leases for the dashboard's lease list. */
@ApplicationScoped
public class DhcpLeaseView implements LeaseView {

  private final DhcpStartup startup;

  public DhcpLeaseView(DhcpStartup startup) {
    this.startup = startup;
  }

  @Override
  public boolean serving() {
    return startup.server().settings().map(s -> s.mode() == DhcpMode.FULL).orElse(false);
  }

  @Override
  public List<LeaseRow> leases(String search, int page, int pageSize) {
    Instant now = Instant.now();
    return matching(search).stream()
        .skip((long) page * pageSize)
        .limit(pageSize)
        .map(l -> row(l, now))
        .toList();
  }

  @Override
  public long count(String search) {
    return matching(search).size();
  }

  private List<Lease> matching(String search) {
    String q = search == null ? "" : search.trim().toLowerCase(Locale.ROOT);
    return startup.server().leases().all().stream()
        .filter(
            l ->
                q.isEmpty()
                    || l.ip().getHostAddress().contains(q)
                    || l.mac().colon().contains(q.replace('-', ':')))
        .sorted(Comparator.comparingLong(l -> Integer.toUnsignedLong(toInt(l))))
        .toList();
  }

  private static LeaseRow row(Lease l, Instant now) {
    String state = l.activeAt(now) ? l.state().name().toLowerCase(Locale.ROOT) : "expired";
    return new LeaseRow(
        l.ip().getHostAddress(), l.mac().colon(), "", state, Times.full(l.expires()), "");
  }

  private static int toInt(Lease l) {
    return ByteBuffer.wrap(l.ip().getAddress()).getInt();
  }
}
