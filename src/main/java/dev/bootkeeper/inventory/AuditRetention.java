package dev.bootkeeper.inventory;

import dev.bootkeeper.store.AuditEntry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Deletes audit entries older than {@code bootkeeper.retention.max-age} and beyond {@code
 * bootkeeper.retention.max-audit-entries}, once an hour. Deletes go in batches, each its own short
 * transaction, so that a first run over millions of rows neither holds a long lock nor needs the
 * whole set in one undo log.
 */
@ApplicationScoped
public class AuditRetention {

  static final int BATCH = 1000;

  /** Enough batches for ten million rows; the next run goes on where this one stopped. */
  static final int MAX_BATCHES_PER_RUN = 10_000;

  private static final Logger LOG = Logger.getLogger(AuditRetention.class);

  private final RetentionConfig config;
  private ScheduledExecutorService timer;

  public AuditRetention(RetentionConfig config) {
    this.config = config;
  }

  void onStart(@Observes StartupEvent ev) {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "audit-retention");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(this::purgeLogged, 1, 60, TimeUnit.MINUTES);
  }

  void onStop(@Observes ShutdownEvent ev) {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  private void purgeLogged() {
    try {
      long n = purge();
      if (n > 0) {
        LOG.infof("audit log retention: deleted %d old entries", n);
      }
    } catch (RuntimeException e) {
      // The next run tries again; a failed purge must not stop the timer.
      LOG.warnf(e, "audit log retention failed");
    }
  }

  /** Deletes what is too old or too many; returns how many entries went. */
  public long purge() {
    return purge(config.maxAge(), config.maxAuditEntries());
  }

  long purge(Duration maxAge, long maxEntries) {
    OffsetDateTime cutoff = OffsetDateTime.now().minus(maxAge);
    long deleted = deleteBatches("e.at < ?1", cutoff);
    Long newestToDrop =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    AuditEntry.getEntityManager()
                        .createQuery("select e.id from AuditEntry e order by e.id desc", Long.class)
                        .setFirstResult((int) Math.min(Integer.MAX_VALUE, maxEntries))
                        .setMaxResults(1)
                        .getResultStream()
                        .findFirst()
                        .orElse(null));
    if (newestToDrop != null) {
      deleted += deleteBatches("e.id <= ?1", newestToDrop);
    }
    return deleted;
  }

  /**
   * Deletes the entries matching a JPQL condition on {@code e} with one parameter, oldest first.
   */
  private static long deleteBatches(String condition, Object bound) {
    long deleted = 0;
    for (int i = 0; i < MAX_BATCHES_PER_RUN; i++) {
      long n =
          QuarkusTransaction.requiringNew()
              .call(
                  () -> {
                    List<Long> ids =
                        AuditEntry.getEntityManager()
                            .createQuery(
                                "select e.id from AuditEntry e where "
                                    + condition
                                    + " order by e.id",
                                Long.class)
                            .setParameter(1, bound)
                            .setMaxResults(BATCH)
                            .getResultList();
                    return ids.isEmpty() ? 0L : AuditEntry.delete("id in ?1", ids);
                  });
      deleted += n;
      if (n < BATCH) {
        break;
      }
    }
    return deleted;
  }
}
