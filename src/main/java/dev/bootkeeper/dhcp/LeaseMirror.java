package dev.bootkeeper.dhcp;

import dev.bootkeeper.boot.Ipv4;
import dev.bootkeeper.boot.MacAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The rows of {@code dhcp_lease} as committed, held in memory, for a database that only this
 * process opens (embedded H2): every write to the table goes through {@link JdbcLeaseStore}, which
 * tells the mirror what it committed, so a DHCP packet's lease reads (by MAC, by address, about
 * four per exchange) cost two map lookups instead of four queries. In a boot storm those queries
 * were half of what a DHCP worker did.
 *
 * <p>Writers commit and apply under the mirror's lock ({@link #committing}), so rows are applied in
 * commit order; readers take no lock. The mirror fills itself from the table on first use; until
 * then, and after a write whose outcome is unknown (a failed commit), it reads the table again.
 * Rows are kept as written: expired and released rows answer as the table would.
 */
final class LeaseMirror {

  /** One row: {@code mac} is null for a quarantined address (a DECLINE). */
  record Row(String mac, String state, Instant expires) {}

  private final DataSource db;
  private final Map<Long, Row> rows = new ConcurrentHashMap<>();
  private final Map<String, Long> addressOfMac = new ConcurrentHashMap<>();
  private volatile boolean loaded;
  private volatile Runnable beforeLoad = () -> {};

  LeaseMirror(DataSource db) {
    this.db = db;
  }

  /** The lease of {@code mac}, as {@code SELECT .. WHERE mac = ?} would answer. */
  Optional<Lease> byMac(MacAddress mac) {
    ensureLoaded();
    Long ip = addressOfMac.get(mac.colon());
    if (ip == null) {
      return Optional.empty();
    }
    Row row = rows.get(ip);
    return row == null || !mac.colon().equals(row.mac()) ? Optional.empty() : lease(ip, row);
  }

  /** The lease of {@code ip}, as {@code SELECT .. WHERE ip_num = ? AND mac IS NOT NULL}. */
  Optional<Lease> byIp(long ip) {
    ensureLoaded();
    Row row = rows.get(ip);
    return row == null || row.mac() == null ? Optional.empty() : lease(ip, row);
  }

  /** The address of {@code mac}'s row (any state), or null. */
  Long addressOf(String mac) {
    ensureLoaded();
    return addressOfMac.get(mac);
  }

  /**
   * Runs {@code hook} before every read of the table: for a table written behind, it waits until
   * the table holds every change the mirror was told of.
   */
  void beforeLoad(Runnable hook) {
    beforeLoad = hook;
  }

  /** The addresses in [first, last] that have a row. */
  List<Long> addresses(long first, long last) {
    ensureLoaded();
    return rows.keySet().stream().filter(a -> a >= first && a <= last).toList();
  }

  /**
   * The addresses in [first, last] whose row ended by {@code now}, the one that ended first first
   * (as the table's {@code ORDER BY expires_at, ip_num}).
   */
  List<Long> expired(long first, long last, Instant now) {
    ensureLoaded();
    return rows.entrySet().stream()
        .filter(e -> e.getKey() >= first && e.getKey() <= last)
        .filter(e -> !e.getValue().expires().isAfter(now))
        .sorted(
            Comparator.comparing((Map.Entry<Long, Row> e) -> e.getValue().expires())
                .thenComparing(Map.Entry::getKey))
        .map(Map.Entry::getKey)
        .toList();
  }

  /** The row of {@code ip}, quarantined ones too. */
  Optional<Row> row(long ip) {
    ensureLoaded();
    return Optional.ofNullable(rows.get(ip));
  }

  /**
   * Runs {@code write} (which commits) and then {@code apply} under the mirror's lock. A write that
   * fails leaves the mirror to be read again from the table: whether its commit happened is not
   * known.
   */
  <T> T committing(Write<T> write) throws SQLException {
    synchronized (this) {
      try {
        return write.run();
      } catch (SQLException | RuntimeException e) {
        loaded = false;
        throw e;
      }
    }
  }

  /** A write to the table and what it tells the mirror, run by {@link #committing}. */
  interface Write<T> {
    T run() throws SQLException;
  }

  /**
   * A committed claim: the MAC's other row is gone, and {@code ip}'s row is the MAC's, taken over
   * from whoever held it before. Under {@link #committing}.
   */
  void claimed(long ip, String mac, String state, Instant expires) {
    if (!loaded) {
      return;
    }
    Long previous = addressOfMac.get(mac);
    if (previous != null && previous != ip) {
      rows.remove(previous);
    }
    Row before = rows.put(ip, new Row(mac, state, JdbcLeaseStore.time(expires).toInstant()));
    if (before != null && before.mac() != null && !before.mac().equals(mac)) {
      addressOfMac.remove(before.mac(), ip);
    }
    addressOfMac.put(mac, ip);
  }

  /** A committed release of {@code ip} by its MAC. Under {@link #committing}. */
  void released(long ip, String mac, Instant now) {
    if (loaded) {
      rows.put(ip, new Row(mac, Lease.State.RELEASED.name(), JdbcLeaseStore.time(now).toInstant()));
    }
  }

  /**
   * A committed quarantine: the address belongs to no one until then. Under {@link #committing}.
   */
  void quarantined(long ip, Instant until) {
    if (!loaded) {
      return;
    }
    Row before =
        rows.put(
            ip, new Row(null, JdbcLeaseStore.QUARANTINED, JdbcLeaseStore.time(until).toInstant()));
    if (before != null && before.mac() != null) {
      addressOfMac.remove(before.mac(), ip);
    }
  }

  private void ensureLoaded() {
    if (!loaded) {
      load();
    }
  }

  private synchronized void load() {
    if (loaded) {
      return;
    }
    beforeLoad.run();
    rows.clear();
    addressOfMac.clear();
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT ip_num, mac, state, expires_at FROM dhcp_lease");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        long ip = rs.getLong(1);
        String mac = rs.getString(2);
        rows.put(
            ip, new Row(mac, rs.getString(3), rs.getObject(4, OffsetDateTime.class).toInstant()));
        if (mac != null) {
          addressOfMac.put(mac, ip);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("lease store: cannot read the leases: " + e, e);
    }
    loaded = true;
  }

  private static Optional<Lease> lease(long ip, Row row) {
    return Optional.of(
        new Lease(
            Ipv4.fromInt((int) ip),
            MacAddress.of(row.mac()),
            row.expires(),
            Lease.State.valueOf(row.state())));
  }
}
