package dev.bootkeeper.boot;

import dev.bootkeeper.store.BootEventEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Deletes boot events past {@code bootkeeper.retention.max-age}, then the oldest beyond {@code
 * bootkeeper.retention.max-boot-events}, on a background thread. Each batch is its own short
 * transaction of at most {@link #BATCH} rows, with a pause between batches, so the event writer and
 * the boot path never wait long behind it even when a first run finds millions of old rows.
 */
@ApplicationScoped
public class BootEventRetention {

  private static final Logger LOG = Logger.getLogger(BootEventRetention.class);

  static final int BATCH = 1000;

  /** Batches per run: 10 million rows; a larger backlog continues at the next run. */
  static final int MAX_BATCHES = 10_000;

  private static final long PAUSE_MILLIS = 20;

  /** What one run deleted. */
  public record Deleted(long byAge, long byCount) {}

  private final BootEventRetentionConfig config;
  private final Clock clock;
  private ScheduledExecutorService timer;

  @Inject
  public BootEventRetention(BootEventRetentionConfig config) {
    this(config, Clock.systemUTC());
  }

  BootEventRetention(BootEventRetentionConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  void start(@Observes StartupEvent ev) {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "boot-event-retention");
              t.setDaemon(true);
              return t;
            });
    long every = Math.max(1, config.interval().toSeconds());
    timer.scheduleWithFixedDelay(this::runQuietly, 60, every, TimeUnit.SECONDS);
  }

  void stop(@Observes ShutdownEvent ev) {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  private void runQuietly() {
    try {
      run();
    } catch (RuntimeException e) {
      LOG.warnf("boot event retention failed (retried at the next run): %s", e.toString());
    }
  }

  /** One run: by age, then by count. */
  public Deleted run() {
    OffsetDateTime cutoff =
        OffsetDateTime.now(clock.withZone(ZoneOffset.UTC)).minus(config.maxAge());
    long byAge = deleteOldest(Long.MAX_VALUE, cutoff);
    long total =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    BootEventEntity.getEntityManager()
                        .createQuery("SELECT COUNT(e) FROM BootEventEntity e", Long.class)
                        .getSingleResult());
    long byCount =
        total > config.maxBootEvents() ? deleteOldest(total - config.maxBootEvents(), null) : 0;
    if (byAge + byCount > 0) {
      LOG.infof(
          "boot event retention: deleted %d events older than %s and %d beyond the %d kept",
          byAge, config.maxAge(), byCount, config.maxBootEvents());
    }
    return new Deleted(byAge, byCount);
  }

  /**
   * Deletes up to {@code limit} of the oldest events (only those before {@code before} when it is
   * set), in batches.
   */
  private long deleteOldest(long limit, OffsetDateTime before) {
    long deleted = 0;
    for (int batch = 0; batch < MAX_BATCHES && deleted < limit; batch++) {
      int size = (int) Math.min(BATCH, limit - deleted);
      int n = QuarkusTransaction.requiringNew().call(() -> deleteBatch(size, before));
      deleted += n;
      if (n < size || !pause()) {
        break;
      }
    }
    return deleted;
  }

  private static int deleteBatch(int size, OffsetDateTime before) {
    var em = BootEventEntity.getEntityManager();
    var query =
        before == null
            ? em.createQuery("SELECT e.id FROM BootEventEntity e ORDER BY e.at, e.id", Long.class)
            : em.createQuery(
                    "SELECT e.id FROM BootEventEntity e WHERE e.at < :before ORDER BY e.at, e.id",
                    Long.class)
                .setParameter("before", before);
    List<Long> ids = query.setMaxResults(size).getResultList();
    if (ids.isEmpty()) {
      return 0;
    }
    return em.createQuery("DELETE FROM BootEventEntity e WHERE e.id IN :ids")
        .setParameter("ids", ids)
        .executeUpdate();
  }

  /** Lets the event writer in between batches; false when the appliance is stopping. */
  private static boolean pause() {
    try {
      Thread.sleep(PAUSE_MILLIS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
