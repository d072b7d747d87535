package dev.bootkeeper.store;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Version counters of what boot decisions are read from, so that callers can cache what they read
 * and know when to read again. The entities bump them from their lifecycle callbacks, which every
 * write goes through, whatever the code path (API, dashboard, import, discovery).
 *
 * <p>A counter moves twice per writing transaction: when the change is flushed, and again after the
 * transaction ends. The second bump is what makes caching safe: a reader that saw the first bump
 * but read the rows before the commit (and so cached the old values under the new version) sees its
 * version outdated again once the commit is done.
 *
 * <p>Several appliances on one database: the writing transaction also moves the area's counter in
 * the database before it commits ({@link ChangeLog}), and {@link ChangeFeed} on every other node
 * hears of it and calls {@link #changedElsewhere}.
 */
public final class StoreChanges {

  /** What changed. */
  public enum Area {
    /** Hosts: reservations, profiles, labels. */
    HOSTS,
    /** Profiles and settings (the default profile). */
    PROFILES,
    /** Boots in progress, as every node saw them (table {@code boot_progress}). */
    BOOTS
  }

  private static final AtomicLong[] VERSIONS = {
    new AtomicLong(), new AtomicLong(), new AtomicLong()
  };

  private StoreChanges() {}

  /** The current version of an area; any change makes it larger. */
  public static long version(Area area) {
    return VERSIONS[area.ordinal()].get();
  }

  /** Called by the entities' lifecycle callbacks. */
  static void changed(Area area) {
    AtomicLong v = VERSIONS[area.ordinal()];
    v.incrementAndGet();
    bumpAfterCompletion(area, v);
  }

  /**
   * For writes that bypass the entities (plain SQL, JPQL bulk updates) but change what cached
   * decisions read: called inside the writing transaction, it tells this node and the others as an
   * entity write would.
   */
  public static void changedBySql(Area area) {
    changed(area);
  }

  /** Another node changed the area (or this node's poll saw the counter move): read again. */
  static void changedElsewhere(Area area) {
    VERSIONS[area.ordinal()].incrementAndGet();
  }

  private static void bumpAfterCompletion(Area area, AtomicLong v) {
    if (Arc.container() == null) {
      return;
    }
    try (InstanceHandle<TransactionSynchronizationRegistry> h =
        Arc.container().instance(TransactionSynchronizationRegistry.class)) {
      TransactionSynchronizationRegistry registry = h.orElse(null);
      if (registry == null
          || registry.getTransactionKey() == null
          || registry.getTransactionStatus() != Status.STATUS_ACTIVE) {
        return;
      }
      String key = StoreChanges.class.getName() + "." + area;
      if (registry.getResource(key) != null) {
        return;
      }
      registry.putResource(key, Boolean.TRUE);
      registry.registerInterposedSynchronization(
          new Synchronization() {
            @Override
            public void beforeCompletion() {
              // Inside the transaction, so the counter moves (and PostgreSQL sends the
              // notification) exactly when the change commits, and never for a rollback.
              try (InstanceHandle<ChangeLog> log = Arc.container().instance(ChangeLog.class)) {
                if (log.isAvailable()) {
                  log.get().record(area);
                }
              }
            }

            @Override
            public void afterCompletion(int status) {
              v.incrementAndGet();
            }
          });
    }
  }
}
