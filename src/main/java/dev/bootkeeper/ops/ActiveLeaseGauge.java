package dev.bootkeeper.ops;

import dev.bootkeeper.dhcp.DhcpStartup;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Leases in use, counted in the lease store (shared by every node on one database). A scrape asks
 * at most once every {@link #REFRESH_NANOS}; in between it reads the last count, so frequent
 * scrapes cost the database nothing.
 */
final class ActiveLeaseGauge {

  private static final Logger LOG = Logger.getLogger(ActiveLeaseGauge.class);
  private static final long REFRESH_NANOS = 5_000_000_000L;

  private final DhcpStartup dhcp;
  private long countedAt;
  private double last = Double.NaN;

  ActiveLeaseGauge(DhcpStartup dhcp) {
    this.dhcp = dhcp;
  }

  synchronized double value() {
    long now = System.nanoTime();
    if (Double.isNaN(last) || now - countedAt > REFRESH_NANOS) {
      try {
        last = dhcp.server().leases().countActive(Instant.now());
        countedAt = now;
      } catch (RuntimeException e) {
        LOG.warnf("leases in use: cannot count: %s", e.toString());
      }
    }
    return last;
  }
}
