package dev.bootkeeper.dhcp;

import dev.bootkeeper.boot.Ipv4;
import java.net.Inet4Address;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * Finds candidate addresses for {@link JdbcLeaseStore} without scanning the pool per packet. Per
 * range it keeps a cursor (next fit): the next address with no row at all is usually the one at the
 * cursor, found by one primary-key range query over a small window. Only when a whole sweep finds
 * no never-used address does it fall back to reusing the address that expired longest ago (so a
 * returning client keeps its old one as long as possible), and then it sweeps again only after
 * {@link #SWEEP_AGAIN_AFTER} or when this process freed an address. The cursor is a hint: two
 * appliances may pick the same candidate, and the claim's constraints decide.
 */
final class FreeAddresses {

  /** Addresses looked at per query while sweeping. */
  static final int WINDOW = 512;

  /** Expired rows fetched per query when reusing addresses. */
  static final int EXPIRED_BATCH = 64;

  /** How long "no never-used address in this range" is believed. */
  static final Duration SWEEP_AGAIN_AFTER = Duration.ofSeconds(30);

  private record Range(long first, long last) {}

  private static final class Cursor {
    long next = -1;
    Instant noGapsUntil = Instant.MIN;
  }

  private final DataSource db;
  private final Map<Range, Cursor> cursors = new ConcurrentHashMap<>();

  FreeAddresses(DataSource db) {
    this.db = db;
  }

  Optional<Inet4Address> find(long first, long last, Instant now, Predicate<Inet4Address> excluded)
      throws SQLException {
    Cursor cursor = cursors.computeIfAbsent(new Range(first, last), r -> new Cursor());
    synchronized (cursor) {
      try (Connection c = db.getConnection()) {
        if (cursor.next < 0) {
          cursor.next = start(c, first, last);
        }
        if (!cursor.noGapsUntil.isAfter(now)) {
          Optional<Inet4Address> unused = sweep(c, cursor, first, last, excluded);
          if (unused.isPresent()) {
            return unused;
          }
          cursor.noGapsUntil = now.plus(SWEEP_AGAIN_AFTER);
        }
        return longestExpired(c, first, last, now, excluded);
      }
    }
  }

  /** A row was deleted: never-used addresses may exist again. */
  void freed() {
    for (Cursor c : cursors.values()) {
      synchronized (c) {
        c.noGapsUntil = Instant.MIN;
      }
    }
  }

  /** After a restart, continue after the highest address in use rather than at the start. */
  private static long start(Connection c, long first, long last) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT MAX(ip_num) FROM dhcp_lease WHERE ip_num BETWEEN ? AND ?")) {
      ps.setLong(1, first);
      ps.setLong(2, last);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long max = rs.getLong(1);
        return rs.wasNull() || max >= last ? first : max + 1;
      }
    }
  }

  /** The first address from the cursor on (wrapping once) that has no row and is not excluded. */
  private static Optional<Inet4Address> sweep(
      Connection c, Cursor cursor, long first, long last, Predicate<Inet4Address> excluded)
      throws SQLException {
    long size = last - first + 1;
    long v = cursor.next < first || cursor.next > last ? first : cursor.next;
    long seen = 0;
    try (PreparedStatement ps =
        c.prepareStatement("SELECT ip_num FROM dhcp_lease WHERE ip_num BETWEEN ? AND ?")) {
      while (seen < size) {
        long end = Math.min(last, v + WINDOW - 1);
        Set<Long> used = new HashSet<>();
        ps.setLong(1, v);
        ps.setLong(2, end);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            used.add(rs.getLong(1));
          }
        }
        for (long a = v; a <= end; a++) {
          if (used.contains(a)) {
            continue;
          }
          Inet4Address ip = Ipv4.fromInt((int) a);
          if (!excluded.test(ip)) {
            cursor.next = a >= last ? first : a + 1;
            return Optional.of(ip);
          }
        }
        seen += end - v + 1;
        v = end >= last ? first : end + 1;
      }
    }
    return Optional.empty();
  }

  /** Among expired rows (leases, releases, ended quarantines), the one that ended first. */
  private static Optional<Inet4Address> longestExpired(
      Connection c, long first, long last, Instant now, Predicate<Inet4Address> excluded)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT ip_num FROM dhcp_lease WHERE ip_num BETWEEN ? AND ? AND expires_at <= ?"
                + " ORDER BY expires_at, ip_num OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
      for (int offset = 0; ; offset += EXPIRED_BATCH) {
        ps.setLong(1, first);
        ps.setLong(2, last);
        ps.setObject(3, JdbcLeaseStore.time(now));
        ps.setInt(4, offset);
        ps.setInt(5, EXPIRED_BATCH);
        int rows = 0;
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows++;
            Inet4Address ip = Ipv4.fromInt((int) rs.getLong(1));
            if (!excluded.test(ip)) {
              return Optional.of(ip);
            }
          }
        }
        if (rows < EXPIRED_BATCH) {
          return Optional.empty();
        }
      }
    }
  }
}
