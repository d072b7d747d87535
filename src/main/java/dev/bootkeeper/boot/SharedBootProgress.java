package dev.bootkeeper.boot;

import dev.bootkeeper.background.BatchWriter;
import dev.bootkeeper.store.ChangeLog;
import dev.bootkeeper.store.StoreChanged;
import dev.bootkeeper.store.StoreChanges;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Boot progress shared by every appliance on the database (table {@code boot_progress}), so that a
 * boot whose DHCP went to one node and whose files came from another is one boot.
 *
 * <p>Nothing here runs on a protocol's request path. What a node learns is queued ({@link
 * #publish}); one writer thread folds what is queued into the stored rows ({@link
 * BootInProgress#merge}), one transaction per batch, and moves the {@code BOOTS} change counter in
 * it, so PostgreSQL tells the other nodes when it commits. Each node then reads the rows the others
 * changed since its last look ({@link StoreChanged}, which comes within a second even without a
 * notification) and hands them to {@link BootProgress}. The only read a node makes for one machine
 * is {@link #lookup}, when it serves a config for a boot it has not heard of yet.
 */
@ApplicationScoped
public class SharedBootProgress {

  private static final Logger LOG = Logger.getLogger(SharedBootProgress.class);

  static final int QUEUE_CAPACITY = 10_000;
  static final int BATCH = 200;

  /**
   * Rows are read again from this long before the newest change already read: a batch that was
   * stamped (by the database, at its start) before the last look but committed after it is still
   * read. Reading a row twice is harmless; the merge is idempotent.
   */
  static final Duration OVERLAP = Duration.ofSeconds(2);

  static final Duration PRUNE_EVERY = Duration.ofMinutes(10);
  static final Duration STOP_WAIT = Duration.ofSeconds(2);

  /** Rows of boots that started longer ago than this are deleted. */
  static final Duration KEEP = Duration.ofHours(1);

  /**
   * How long a MAC whose {@link #lookup} found nothing is not looked up again. The lookup is for a
   * boot whose DHCP went to another node a moment before its news came; that news comes within a
   * second anyway ({@link #readChanges}, which the change feed runs at least once a second).
   * Without it, every config fetch of a machine with no boot under way (a script, a benchmark, a
   * client that fetches its config again and again) was a query on the HTTP event loop: 40% of its
   * time at 16,000 fetches a second.
   */
  static final Duration MISS_REMEMBERED = Duration.ofSeconds(1);

  /** For a node outside the appliance (unit tests): shares nothing, learns nothing. */
  public static final SharedBootProgress NONE = new SharedBootProgress(null, null, null);

  private record Pending(MacAddress mac, BootInProgress fact) {}

  private final DataSource db;
  private final NodeName node;
  private final ChangeLog changes;
  private final BatchWriter<Pending> writer =
      new BatchWriter<>("boot-progress-writer", QUEUE_CAPACITY, BATCH, this::store)
          .betweenBatches(Duration.ofSeconds(1), this::pruneNowAndThen);
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final RecentMisses misses = new RecentMisses(MISS_REMEMBERED, System::nanoTime);
  private volatile BiConsumer<MacAddress, BootInProgress> learner = (m, b) -> {};
  private Instant readFrom;
  private long prunedAt = System.nanoTime() - PRUNE_EVERY.toNanos();

  @Inject
  public SharedBootProgress(DataSource db, NodeName node, ChangeLog changes) {
    this.db = db;
    this.node = node;
    this.changes = changes;
  }

  public boolean enabled() {
    return db != null;
  }

  /** Where what the database says about a machine's boot goes (the stored merge, or a change). */
  void onLearnt(BiConsumer<MacAddress, BootInProgress> learner) {
    if (enabled()) {
      this.learner = learner;
    }
  }

  void start(@Observes StartupEvent ev) {
    writer.start();
  }

  void stop(@Observes ShutdownEvent ev) {
    List<Pending> left = writer.stop(STOP_WAIT);
    if (!left.isEmpty()) {
      LOG.warnf("stopping: %d boot steps not shared with the other nodes", left.size());
    }
  }

  /** Queues what this node learnt for the database; never waits. A full queue drops it. */
  void publish(MacAddress mac, BootInProgress fact) {
    if (!enabled()) {
      return;
    }
    if (!writer.offer(new Pending(mac, fact)) && dropped.incrementAndGet() % 1000 == 1) {
      LOG.warnf(
          "boot progress queue full: %d steps not shared with the other nodes so far",
          dropped.get());
    }
  }

  /** The boot of this machine as the database knows it; empty when unknown or unreadable. */
  Optional<BootInProgress> lookup(MacAddress mac) {
    if (!enabled() || misses.missedRecently(mac)) {
      return Optional.empty();
    }
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement(SELECT + " WHERE mac = ?")) {
      s.setString(1, mac.colon());
      try (ResultSet rs = s.executeQuery()) {
        if (rs.next()) {
          return Optional.of(row(rs));
        }
        misses.missed(mac);
        return Optional.empty();
      }
    } catch (SQLException e) {
      warn("cannot read the shared boot progress of " + mac.colon(), e);
      return Optional.empty();
    }
  }

  /** Another node (or this one) stored boot progress: read what the others changed. */
  void changed(@Observes StoreChanged event) {
    if (event.area() == StoreChanges.Area.BOOTS && enabled()) {
      readChanges();
    }
  }

  /** Reads the rows other nodes changed since the last look, and hands each to the learner. */
  synchronized void readChanges() {
    Instant from = readFrom == null ? Instant.now().minus(BootInProgress.NEW_BOOT_AFTER) : readFrom;
    Instant newest = from;
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                SELECT + " WHERE changed_at > ? AND node <> ? ORDER BY changed_at")) {
      s.setTimestamp(1, Timestamp.from(from));
      s.setString(2, node.get());
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          learner.accept(MacAddress.of(rs.getString(1)), row(rs));
          Instant changed = rs.getTimestamp(8).toInstant();
          if (changed.isAfter(newest)) {
            newest = changed;
          }
        }
      }
      readFrom = newest.minus(OVERLAP).isAfter(from) ? newest.minus(OVERLAP) : from;
    } catch (SQLException | RuntimeException e) {
      warn("cannot read the boot progress of the other nodes", e);
    }
  }

  private static final String SELECT =
      "SELECT mac, started_at, profile_name, last_file, configured_at, finished_at, node,"
          + " changed_at FROM boot_progress";

  private static BootInProgress row(ResultSet rs) throws SQLException {
    return new BootInProgress(
        rs.getTimestamp(2).toInstant(),
        rs.getString(3),
        rs.getString(4),
        instant(rs.getTimestamp(5)),
        instant(rs.getTimestamp(6)));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  private static Timestamp timestamp(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }

  /** Stores what is queued now, in the caller's thread (tests, which run no writer thread). */
  void flush() {
    writer.writeQueued();
  }

  /**
   * One transaction: each machine's facts folded into its stored row, which is written only when
   * the fold changed it. The stored result goes back to this node's view, which may learn from it
   * what another node had stored.
   */
  void store(List<Pending> batch) {
    if (batch.isEmpty()) {
      return;
    }
    Map<MacAddress, BootInProgress> facts = new LinkedHashMap<>();
    batch.forEach(p -> facts.merge(p.mac(), p.fact(), BootInProgress::merge));
    for (int attempt = 1; ; attempt++) {
      try {
        write(facts).forEach(learner);
        return;
      } catch (SQLException | RuntimeException e) {
        // Another node inserted one of these machines between our read and insert: the second
        // attempt reads and updates its row.
        if (attempt >= 2) {
          warn("could not share the progress of " + facts.size() + " boots", e);
          return;
        }
      }
    }
  }

  private Map<MacAddress, BootInProgress> write(Map<MacAddress, BootInProgress> facts)
      throws SQLException {
    Map<MacAddress, BootInProgress> stored = new HashMap<>();
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        Map<MacAddress, BootInProgress> before = readForUpdate(c, facts.keySet());
        boolean changed = false;
        for (Map.Entry<MacAddress, BootInProgress> f : facts.entrySet()) {
          BootInProgress old = before.get(f.getKey());
          BootInProgress merged = BootInProgress.merge(old, f.getValue());
          stored.put(f.getKey(), merged);
          if (!merged.equals(old)) {
            save(c, f.getKey(), merged, old == null);
            changed = true;
          }
        }
        if (changed) {
          changes.record(c, StoreChanges.Area.BOOTS);
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
    return stored;
  }

  private static Map<MacAddress, BootInProgress> readForUpdate(
      Connection c, java.util.Set<MacAddress> macs) throws SQLException {
    Map<MacAddress, BootInProgress> out = new HashMap<>();
    String marks = String.join(",", java.util.Collections.nCopies(macs.size(), "?"));
    try (PreparedStatement s =
        c.prepareStatement(SELECT + " WHERE mac IN (" + marks + ") FOR UPDATE")) {
      int i = 1;
      for (MacAddress m : macs) {
        s.setString(i++, m.colon());
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.put(MacAddress.of(rs.getString(1)), row(rs));
        }
      }
    }
    return out;
  }

  private void save(Connection c, MacAddress mac, BootInProgress b, boolean insert)
      throws SQLException {
    String sql =
        insert
            ? "INSERT INTO boot_progress (started_at, profile_name, last_file, configured_at,"
                + " finished_at, node, changed_at, mac) VALUES (?, ?, ?, ?, ?, ?,"
                + " CURRENT_TIMESTAMP, ?)"
            : "UPDATE boot_progress SET started_at = ?, profile_name = ?, last_file = ?,"
                + " configured_at = ?, finished_at = ?, node = ?, changed_at = CURRENT_TIMESTAMP"
                + " WHERE mac = ?";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setTimestamp(1, Timestamp.from(b.started()));
      s.setString(2, b.profile());
      s.setString(3, b.lastFile());
      s.setTimestamp(4, timestamp(b.configuredAt()));
      s.setTimestamp(5, timestamp(b.finishedAt()));
      s.setString(6, node.get());
      s.setString(7, mac.colon());
      s.executeUpdate();
    }
  }

  private void pruneNowAndThen() {
    if (System.nanoTime() - prunedAt < PRUNE_EVERY.toNanos()) {
      return;
    }
    prunedAt = System.nanoTime();
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement("DELETE FROM boot_progress WHERE started_at < ?")) {
      s.setTimestamp(1, Timestamp.from(Instant.now().minus(KEEP)));
      s.executeUpdate();
    } catch (SQLException e) {
      LOG.debugf("pruning old boot progress: %s", e.getMessage());
    }
  }

  private void warn(String what, Exception e) {
    if (failures.incrementAndGet() % 1000 == 1) {
      LOG.warnf("%s: %s", what, e.getMessage());
    }
  }
}
