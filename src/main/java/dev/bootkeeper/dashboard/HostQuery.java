package dev.bootkeeper.dashboard;

import dev.bootkeeper.boot.BootDecision;
import io.quarkus.panache.common.Parameters;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The host list's filters and order: search (MAC, hostname or IP), labels and last seen as one JPQL
 * condition (every value a bound parameter), and the profile a host boots now, which {@link
 * #matchesProfile} checks after the query. Several labels narrow the list: a host must carry all of
 * them.
 */
record HostQuery(String q, List<String> labels, String profile, String seen, HostSort sort) {

  /** The "last seen" choices of the filter. */
  static final Map<String, String> SEEN =
      java.util.Collections.unmodifiableMap(
          new java.util.LinkedHashMap<>(
              Map.of(
                  "", "any time",
                  "1h", "last hour",
                  "24h", "last 24 hours",
                  "7d", "last 7 days",
                  "stale", "not in 7 days",
                  "never", "never")));

  HostQuery {
    q = blank(q);
    labels = List.copyOf(labels);
    profile = blank(profile);
    seen = blank(seen);
  }

  /**
   * The filters as the page's form and links send them: each {@code label} value may hold several
   * labels separated by commas ({@code site=lab, rack=a1}; a label value may contain spaces), and
   * the parameter may repeat.
   */
  static HostQuery of(
      String q, List<String> labelParams, String profile, String seen, String sort) {
    List<String> labels = new ArrayList<>();
    for (String param : labelParams == null ? List.<String>of() : labelParams) {
      for (String part : param.split(",")) {
        String l = part.strip();
        if (l.isEmpty()) {
          continue;
        }
        if (l.startsWith("=")) {
          throw DashboardException.badRequest(
              "The label filter '" + Ui.shortened(l) + "' has no key: write key or key=value.");
        }
        if (!labels.contains(l)) {
          labels.add(l);
        }
      }
    }
    return new HostQuery(q, labels, profile, seen, HostSort.parse(sort));
  }

  /** The labels as the filter's text box shows them. */
  String labelText() {
    return String.join(", ", labels);
  }

  /** True when no filter narrows the list. */
  boolean unfiltered() {
    return q.isEmpty() && labels.isEmpty() && profile.isEmpty() && seen.isEmpty();
  }

  String where(Parameters params) {
    List<String> where = new ArrayList<>();
    if (!q.isEmpty()) {
      where.add("(h.mac like :q or lower(h.hostname) like :q or h.ip like :q)");
      params.and("q", "%" + normaliseSearch(q) + "%");
    }
    for (int i = 0; i < labels.size(); i++) {
      String label = labels.get(i);
      int eq = label.indexOf('=');
      String key = eq < 0 ? label : label.substring(0, eq).strip();
      where.add(
          "exists (select 1 from Host x"
              + i
              + " join x"
              + i
              + ".labels l"
              + i
              + " where x"
              + i
              + " = h and key(l"
              + i
              + ") = :lk"
              + i
              + (eq < 0 ? "" : " and l" + i + " = :lv" + i)
              + ")");
      params.and("lk" + i, key);
      if (eq >= 0) {
        params.and("lv" + i, label.substring(eq + 1).strip());
      }
    }
    OffsetDateTime now = OffsetDateTime.now();
    switch (seen) {
      case "1h" -> since(where, params, now.minusHours(1));
      case "24h" -> since(where, params, now.minusHours(24));
      case "7d" -> since(where, params, now.minusDays(7));
      case "stale" -> {
        where.add("(h.lastSeen is null or h.lastSeen < :seen)");
        params.and("seen", now.minusDays(7));
      }
      case "never" -> where.add("h.lastSeen is null");
      default -> {}
    }
    return where.isEmpty() ? "" : " where " + String.join(" and ", where);
  }

  /**
   * The profile filter, on the profile a host boots now by whichever rule (one-shot, its own, a
   * label selector, the default), which only the policy can tell: applied after the query. {@code
   * -} keeps the hosts that fall through to the default rule.
   */
  boolean matchesProfile(BootDecision boots) {
    if (profile.isEmpty()) {
      return true;
    }
    if (profile.equals("-")) {
      return boots.rule() == BootDecision.Rule.DEFAULT;
    }
    return boots.profile().name().equals(profile);
  }

  /** The query string that keeps these filters and this order across pages. */
  String link(int page) {
    return link(page, sort);
  }

  /** The query string of these filters in another order, from the first page. */
  String link(int page, HostSort order) {
    StringBuilder sb = new StringBuilder("?page=").append(page);
    add(sb, "q", q);
    for (String l : labels) {
      add(sb, "label", l);
    }
    add(sb, "profile", profile);
    add(sb, "seen", seen);
    if (!order.equals(HostSort.DEFAULT)) {
      add(sb, "sort", order.param());
    }
    return sb.toString();
  }

  /** MACs are stored lower-case with colons; a search for "AA-BB" finds them too. */
  static String normaliseSearch(String q) {
    String s = q.trim().toLowerCase(Locale.ROOT);
    if (s.matches("[0-9a-f]{2}([-:.][0-9a-f]{2})+[-:.]?|[0-9a-f]{2}-.*")) {
      s = s.replace('-', ':').replace('.', ':');
    }
    return s.replace("%", "");
  }

  private static void since(List<String> where, Parameters params, OffsetDateTime t) {
    where.add("h.lastSeen >= :seen");
    params.and("seen", t);
  }

  private static void add(StringBuilder sb, String k, String v) {
    if (!v.isEmpty()) {
      sb.append('&')
          .append(k)
          .append('=')
          .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  private static String blank(String s) {
    return s == null ? "" : s.trim();
  }
}
