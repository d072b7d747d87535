package dev.bootkeeper.inventory;

import dev.bootkeeper.store.AuditEntry;
import io.quarkus.arc.Arc;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The audit log. A change is recorded inside the transaction that makes it ({@link #record} refuses
 * to run without one), so a change that rolls back leaves no entry and a committed change always
 * has one. Who made it comes from the request's {@link Actor}.
 */
@ApplicationScoped
public class AuditLog {

  /** The things the log speaks of, as they are stored and filtered on. */
  public static final String HOST = "host";

  public static final String PROFILE = "profile";
  public static final String TOKEN = "token";
  public static final String USER = "user";
  public static final String SETTINGS = "settings";
  public static final String DHCP = "dhcp";
  public static final String IMAGE = "image";
  public static final String SESSION = "session";

  /** One entry as the API and the dashboard show it. */
  public record Entry(
      long id,
      OffsetDateTime at,
      String actor,
      String actorKind,
      String address,
      String action,
      String entity,
      String entityId,
      String summary) {

    static Entry of(AuditEntry e) {
      return new Entry(
          e.id,
          e.at,
          e.actor,
          e.actorKind,
          e.address,
          e.action,
          e.entityType,
          e.entityId,
          e.summary);
    }
  }

  /** One page of entries, newest first, and how many the filter lets through in all. */
  public record Found(List<Entry> items, long total) {}

  private final Instance<Actor> actor;

  public AuditLog(Instance<Actor> actor) {
    this.actor = actor;
  }

  /** Records a change, in the caller's transaction. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void record(String action, String entity, String entityId, String summary) {
    AuditEntry e = new AuditEntry();
    e.at = OffsetDateTime.now();
    boolean inRequest = Arc.container().requestContext().isActive();
    Actor who = inRequest ? actor.get() : null;
    e.actor = cut(who == null ? "system" : who.name(), 128);
    e.actorKind = who == null ? "system" : who.kind().name().toLowerCase(java.util.Locale.ROOT);
    e.address = who == null ? null : cut(who.address(), 64);
    e.action = cut(action, 32);
    e.entityType = cut(entity, 32);
    e.entityId = cut(entityId, 256);
    e.summary = cut(summary == null || summary.isBlank() ? "-" : summary, 4000);
    e.persist();
  }

  /**
   * Records what is not a change of the store by itself (a login, a failed login), in a transaction
   * of its own.
   */
  public void recordAlone(String action, String entity, String entityId, String summary) {
    QuarkusTransaction.requiringNew().run(() -> record(action, entity, entityId, summary));
  }

  @Transactional
  public Found search(AuditFilter filter, int page, int size) {
    Parameters params = new Parameters();
    PanacheQuery<AuditEntry> query =
        AuditEntry.find(
            filter.where(params),
            Sort.descending("at").and("id", Sort.Direction.Descending),
            params);
    return new Found(
        query.page(Page.of(page, size)).list().stream().map(Entry::of).toList(), query.count());
  }

  private static String cut(String s, int max) {
    if (s == null) {
      return null;
    }
    String one = Changes.oneLine(s);
    return one.length() > max ? one.substring(0, max - 1) + "…" : one;
  }
}
