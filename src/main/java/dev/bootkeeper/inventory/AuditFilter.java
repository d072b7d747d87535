package dev.bootkeeper.inventory;

import io.quarkus.panache.common.Parameters;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * What a search of the audit log keeps: each given criterion must hold; blank ones are ignored.
 *
 * @param actor a user or token name, exactly
 * @param entity the kind of thing changed: host, profile, token, user, settings, dhcp, image,
 *     session
 * @param entityId one thing's name or MAC, exactly
 * @param since entries at or after
 * @param until entries before
 */
public record AuditFilter(
    String actor, String entity, String entityId, OffsetDateTime since, OffsetDateTime until) {

  public static final AuditFilter ALL = new AuditFilter(null, null, null, null, null);

  /** The JPQL condition (empty for none), its parameters added to {@code params}. */
  String where(Parameters params) {
    List<String> where = new ArrayList<>();
    if (!blank(actor)) {
      where.add("actor = :actor");
      params.and("actor", actor.trim());
    }
    if (!blank(entity)) {
      where.add("entityType = :entity");
      params.and("entity", entity.trim());
    }
    if (!blank(entityId)) {
      where.add("entityId = :entityId");
      params.and("entityId", entityId.trim());
    }
    if (since != null) {
      where.add("at >= :since");
      params.and("since", since);
    }
    if (until != null) {
      where.add("at < :until");
      params.and("until", until);
    }
    return String.join(" and ", where);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
