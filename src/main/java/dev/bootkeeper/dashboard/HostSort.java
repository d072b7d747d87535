package dev.bootkeeper.dashboard;

import dev.bootkeeper.boot.Ipv4;
import io.quarkus.panache.common.Sort;
import java.net.Inet4Address;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The host list's order, as the {@code sort} query parameter spells it: a column name, with a
 * leading {@code -} for descending ({@code -seen} puts the most recently seen first). It lives in
 * the URL so that a link to a sorted, filtered list keeps both. MAC, hostname and last seen sort in
 * the database; IP (numerically, so .9 comes before .10) and profile (the one a host boots now,
 * which only the policy knows) sort after the query.
 */
record HostSort(String column, boolean descending) {

  /** The sortable columns, by the name the URL uses, with the label the error message shows. */
  static final Map<String, String> COLUMNS = columns();

  static final HostSort DEFAULT = new HostSort("mac", false);

  static HostSort parse(String text) {
    if (text == null || text.isBlank()) {
      return DEFAULT;
    }
    String t = text.trim();
    boolean desc = t.startsWith("-");
    String column = desc ? t.substring(1) : t;
    if (!COLUMNS.containsKey(column)) {
      throw DashboardException.badRequest(
          "The host list sorts by "
              + String.join(", ", COLUMNS.keySet())
              + " (a leading '-' for descending), not by '"
              + Ui.shortened(t)
              + "'.");
    }
    return new HostSort(column, desc);
  }

  /** How the URL writes this order. */
  String param() {
    return (descending ? "-" : "") + column;
  }

  /** The order a click on a column's header asks for: that column, reversed if it is this one. */
  HostSort clicked(String other) {
    return other.equals(column) ? new HostSort(column, !descending) : new HostSort(other, false);
  }

  /** True when the database can sort: the profile and the numeric IP order are known only after. */
  boolean inDatabase() {
    return !column.equals("ip") && !column.equals("profile");
  }

  /** The database order; the MAC breaks ties so that pages never repeat or skip a host. */
  Sort jpql() {
    Sort.Direction dir = descending ? Sort.Direction.Descending : Sort.Direction.Ascending;
    return switch (column) {
      case "hostname" -> Sort.by("h.hostname", dir, Sort.NullPrecedence.NULLS_LAST).and("h.mac");
      case "seen" -> Sort.by("h.lastSeen", dir, Sort.NullPrecedence.NULLS_LAST).and("h.mac");
      default -> Sort.by("h.mac", dir);
    };
  }

  /** The order after the query, for the columns the database cannot sort (IP and profile). */
  Comparator<HostRow> rows() {
    Comparator<HostRow> c =
        column.equals("ip")
            ? Comparator.comparing(HostSort::ipKey)
            : Comparator.comparing(HostRow::profile);
    if (descending) {
      c = c.reversed();
    }
    return c.thenComparing(HostRow::mac);
  }

  /** Hosts without an address sort after every address. */
  private static long ipKey(HostRow r) {
    Optional<Inet4Address> a = r.ip().isEmpty() ? Optional.empty() : Ipv4.parse(r.ip());
    return a.map(Ipv4::unsigned).orElse(1L << 32);
  }

  private static Map<String, String> columns() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("mac", "MAC");
    m.put("hostname", "Hostname");
    m.put("ip", "IP");
    m.put("profile", "Profile");
    m.put("seen", "Last seen");
    return java.util.Collections.unmodifiableMap(m);
  }
}
