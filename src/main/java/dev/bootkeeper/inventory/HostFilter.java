package dev.bootkeeper.inventory;

import io.quarkus.panache.common.Parameters;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which hosts a list shows. Filters combine; a null or blank one is left out.
 *
 * @param labels {@code key=value} each; a host must carry all of them
 * @param q a part of the MAC, hostname or IP
 */
public record HostFilter(
    String profile, List<String> labels, String q, Boolean discovered, OffsetDateTime seenSince) {

  /** The condition as JPQL on {@code Host h}, every value a bound parameter. */
  String where(Parameters params) {
    List<String> where = new ArrayList<>();
    if (profile != null && !profile.isBlank()) {
      where.add("h.profile.name = :profile");
      params.and("profile", profile);
    }
    if (q != null && !q.isBlank()) {
      where.add("(lower(h.mac) like :q or lower(h.hostname) like :q or h.ip like :q)");
      params.and("q", "%" + q.trim().toLowerCase(Locale.ROOT) + "%");
    }
    if (discovered != null) {
      where.add("h.discovered = :discovered");
      params.and("discovered", discovered);
    }
    if (seenSince != null) {
      where.add("h.lastSeen >= :seenSince");
      params.and("seenSince", seenSince);
    }
    int i = 0;
    for (String label : labels == null ? List.<String>of() : labels) {
      int eq = label.indexOf('=');
      if (eq <= 0) {
        throw InventoryException.invalid("label filter '" + label + "' must be key=value");
      }
      where.add(
          "exists (select 1 from Host x join x.labels l where x = h and key(l) = :lk"
              + i
              + " and l = :lv"
              + i
              + ")");
      params.and("lk" + i, label.substring(0, eq)).and("lv" + i, label.substring(eq + 1));
      i++;
    }
    return where.isEmpty() ? "" : " where " + String.join(" and ", where);
  }
}
