package dev.bootkeeper.dhcp;

import dev.bootkeeper.boot.Ipv4;
import java.net.Inet4Address;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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

  /**
   * A free address of the range, or empty. {@code mirror} is where the rows are read when the table
   * is written behind it (an embedded database); null to read the table.
   */
  Optional<Inet4Address> find(
      long first, long last, Instant now, Predicate<Inet4Address> excluded, LeaseMirror mirror)
      throws SQLException {
    Cursor cursor = cursors.computeIfAbsent(new Range(first, last), r -> new Cursor());
    synchronized (cursor) {
      if (mirror != null) {
        return find(new MirrorRows(mirror), cursor, first, last, now, excluded);
      }
      try (Connection c = db.getConnection()) {
        return find(new TableRows(c), cursor, first, last, now, excluded);
      }
    }
  }

  private static Optional<Inet4Address> find(
      Rows rows,
      Cursor cursor,
      long first,
      long last,
      Instant now,
      Predicate<Inet4Address> excluded)
      throws SQLException {
    if (cursor.next < 0) {
      long highest = rows.highest(first, last);
      // After a restart, continue after the highest address in use rather than at the start.
      cursor.next = highest < 0 || highest >= last ? first : highest + 1;
    }
    if (!cursor.noGapsUntil.isAfter(now)) {
      Optional<Inet4Address> unused = sweep(rows, cursor, first, last, excluded);
      if (unused.isPresent()) {
        return unused;
      }
      cursor.noGapsUntil = now.plus(SWEEP_AGAIN_AFTER);
    }
    return longestExpired(rows, first, last, now, excluded);
  }

  /** A row was deleted: never-used addresses may exist again. */
  void freed() {
    for (Cursor c : cursors.values()) {
      synchronized (c) {
        c.noGapsUntil = Instant.MIN;
      }
    }
  }

  /** The first address from the cursor on (wrapping once) that has no row and is not excluded. */
  private static Optional<Inet4Address> sweep(
      Rows rows, Cursor cursor, long first, long last, Predicate<Inet4Address> excluded)
      throws SQLException {
    long size = last - first + 1;
    long v = cursor.next < first || cursor.next > last ? first : cursor.next;
    long seen = 0;
    while (seen < size) {
      long end = Math.min(last, v + WINDOW - 1);
      Set<Long> used = rows.used(v, end);
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
    return Optional.empty();
  }

  /** Among expired rows (leases, releases, ended quarantines), the one that ended first. */
  private static Optional<Inet4Address> longestExpired(
      Rows rows, long first, long last, Instant now, Predicate<Inet4Address> excluded)
      throws SQLException {
    for (int offset = 0; ; offset += EXPIRED_BATCH) {
      List<Long> expired = rows.expired(first, last, now, offset, EXPIRED_BATCH);
      for (long a : expired) {
        Inet4Address ip = Ipv4.fromInt((int) a);
        if (!excluded.test(ip)) {
          return Optional.of(ip);
        }
      }
      if (expired.size() < EXPIRED_BATCH) {
        return Optional.empty();
      }
    }
  }

  /** The rows of the lease table, read where they are current. */
  private interface Rows {
    /** The highest address with a row in the range, or -1. */
    long highest(long first, long last) throws SQLException;

    /** The addresses with a row in the range. */
    Set<Long> used(long first, long last) throws SQLException;

    /** Addresses of rows ended by {@code now}, the longest ended first, a page of them. */
    List<Long> expired(long first, long last, Instant now, int offset, int count)
        throws SQLException;
  }

  private record TableRows(Connection c) implements Rows {
    @Override
    public long highest(long first, long last) throws SQLException {
      try (PreparedStatement ps =
          c.prepareStatement("SELECT MAX(ip_num) FROM dhcp_lease WHERE ip_num BETWEEN ? AND ?")) {
        ps.setLong(1, first);
        ps.setLong(2, last);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          long max = rs.getLong(1);
          return rs.wasNull() ? -1 : max;
        }
      }
    }

    @Override
    public Set<Long> used(long first, long last) throws SQLException {
      Set<Long> used = new HashSet<>();
      try (PreparedStatement ps =
          c.prepareStatement("SELECT ip_num FROM dhcp_lease WHERE ip_num BETWEEN ? AND ?")) {
        ps.setLong(1, first);
        ps.setLong(2, last);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            used.add(rs.getLong(1));
          }
        }
      }
      return used;
    }

    @Override
    public List<Long> expired(long first, long last, Instant now, int offset, int count)
        throws SQLException {
      List<Long> out = new ArrayList<>(count);
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT ip_num FROM dhcp_lease WHERE ip_num BETWEEN ? AND ? AND expires_at <= ?"
                  + " ORDER BY expires_at, ip_num OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
        ps.setLong(1, first);
        ps.setLong(2, last);
        ps.setObject(3, JdbcLeaseStore.time(now));
        ps.setInt(4, offset);
        ps.setInt(5, count);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getLong(1));
          }
        }
      }
      return out;
    }
  }

  /** The same answers from the mirror, which the table of an embedded database follows behind. */
  private record MirrorRows(LeaseMirror mirror) implements Rows {
    @Override
    public long highest(long first, long last) {
      return mirror.addresses(first, last).stream().mapToLong(Long::longValue).max().orElse(-1);
    }

    @Override
    public Set<Long> used(long first, long last) {
      Set<Long> used = new HashSet<>();
      for (long a = first; a <= last; a++) {
        if (mirror.row(a).isPresent()) {
          used.add(a);
        }
      }
      return used;
    }

    @Override
    public List<Long> expired(long first, long last, Instant now, int offset, int count) {
      return mirror.expired(first, last, now).stream().skip(offset).limit(count).toList();
    }
  }
}
