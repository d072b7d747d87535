package dev.bootkeeper.dhcp;

import dev.bootkeeper.boot.Ipv4;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Brings the lease table up to date with the lease journal, behind the DHCP server: every change
 * the journal was given, in journal order, in one transaction per round. After a round with work it
 * waits {@link #ROUND_MILLIS} for more, so that in a boot storm one commit (one H2 chunk written)
 * carries hundreds of changes instead of the two dozen a commit per claim batch carried. Readers of
 * the table that must see every lease (the API, the lease list) wait for it with {@link
 * #awaitApplied}, which also cuts the wait short.
 *
 * <p>A round that fails (the database is unreachable or full) is tried again a second later with
 * whatever arrived since; its changes stay in the journal meanwhile, and the DHCP server, which
 * reads leases from memory, goes on serving.
 */
final class LeaseTableApplier implements AutoCloseable {

  static final String THREAD = "dhcp-lease-table";

  private static final Logger LOG = Logger.getLogger(LeaseTableApplier.class);

  /** How long after a round with work the next one starts, unless a reader is waiting. */
  static final long ROUND_MILLIS = 100;

  private static final long RETRY_MILLIS = 1000;

  /** How long {@link #awaitApplied} and {@link #close} wait for the table. */
  static final long AWAIT_SECONDS = 30;

  private static final String MERGE =
      "MERGE INTO dhcp_lease (ip_num, ip, mac, state, expires_at, updated_at) KEY (ip_num)"
          + " VALUES (?, ?, ?, ?, ?, ?)";
  private static final String REMOVE = "DELETE FROM dhcp_lease WHERE ip_num = ?";
  private static final String OTHER_ROWS_OF_MAC =
      "DELETE FROM dhcp_lease WHERE mac = ? AND ip_num <> ?";

  private record Batch(long sequence, List<LeaseRowChange> changes) {}

  private final DataSource db;
  private final LeaseJournal journal;
  private final List<Batch> waiting = new ArrayList<>();
  private long enqueued;
  private long applied;
  private boolean hurry;
  private boolean closed;
  private Thread thread;

  LeaseTableApplier(DataSource db, LeaseJournal journal) {
    this.db = db;
    this.journal = journal;
  }

  /** Changes journalled as record {@code sequence}; called in journal order. */
  synchronized void enqueue(long sequence, List<LeaseRowChange> changes) {
    if (closed) {
      throw new IllegalStateException("lease table applier is closed");
    }
    waiting.add(new Batch(sequence, changes));
    enqueued = sequence;
    if (thread == null) {
      thread = new Thread(this::run, THREAD);
      thread.setDaemon(true);
      thread.start();
    }
    notifyAll();
  }

  /** Returns once the table holds every change enqueued before the call. */
  void awaitApplied() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(AWAIT_SECONDS);
    synchronized (this) {
      long target = enqueued;
      hurry = true;
      notifyAll();
      while (applied < target) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException(
              "lease store: the lease table is " + (target - applied) + " journal records behind");
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(this, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for the lease table", e);
        }
      }
    }
  }

  private void run() {
    List<Batch> round = new ArrayList<>();
    while (true) {
      synchronized (this) {
        while (waiting.isEmpty() && !closed) {
          waitQuietly(0);
        }
        if (waiting.isEmpty()) {
          return;
        }
        round.addAll(waiting);
        waiting.clear();
        hurry = false;
      }
      try {
        apply(round);
      } catch (SQLException | RuntimeException e) {
        LOG.warnf(
            "lease store: %d lease changes could not be written to the database yet (they are"
                + " in the lease journal; trying again): %s",
            round.stream().mapToInt(b -> b.changes().size()).sum(), e.toString());
        synchronized (this) {
          waiting.addAll(0, round);
          round.clear();
          if (closed) {
            return;
          }
          waitQuietly(RETRY_MILLIS);
        }
        continue;
      }
      long last = round.get(round.size() - 1).sequence();
      round.clear();
      try {
        journal.appliedThrough(last);
      } catch (IOException e) {
        LOG.warnf("lease journal: cannot drop what the database holds now: %s", e);
      }
      synchronized (this) {
        applied = last;
        notifyAll();
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ROUND_MILLIS);
        for (long left = ROUND_MILLIS; !hurry && !closed && left > 0; ) {
          waitQuietly(left);
          left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime());
        }
      }
    }
  }

  private void waitQuietly(long millis) {
    try {
      wait(millis);
    } catch (InterruptedException e) {
      // Only close() wakes this thread, and it sets closed first.
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  private void apply(List<Batch> round) throws SQLException {
    List<LeaseRowChange> changes = new ArrayList<>();
    round.forEach(b -> changes.addAll(b.changes()));
    write(db, changes, false, true);
  }

  /**
   * Runs the statements {@code changes} would, and rolls them back: for the warm-up before the DHCP
   * server opens its sockets.
   */
  void rehearse(List<LeaseRowChange> changes) throws SQLException {
    write(db, changes, false, false);
  }

  /**
   * Writes what the journal left at the last stop, before anything reads the table. The journal may
   * hold changes the table already has (the appliance stopped between a round's commit and the
   * journal's clean-up), so each row is written as it ended, and a row is first freed of its MAC's
   * other rows, whatever state the table is in.
   */
  static void replay(DataSource db, List<LeaseRowChange> changes) throws SQLException {
    Map<Long, LeaseRowChange> last = new LinkedHashMap<>();
    for (LeaseRowChange c : changes) {
      last.put(c.ip(), c);
    }
    write(db, last.values(), true, true);
  }

  /**
   * One transaction. In journal order every change leaves the table consistent (a MAC's old row is
   * removed before its new one is written), so no MAC check is needed; a replay of rows as they
   * ended ({@code freeMacFirst}) has no such order.
   */
  private static void write(
      DataSource db, Collection<LeaseRowChange> changes, boolean freeMacFirst, boolean keep)
      throws SQLException {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement merge = c.prepareStatement(MERGE);
          PreparedStatement remove = c.prepareStatement(REMOVE);
          PreparedStatement freeMac = c.prepareStatement(OTHER_ROWS_OF_MAC)) {
        for (LeaseRowChange change : changes) {
          if (change.removes()) {
            remove.setLong(1, change.ip());
            remove.executeUpdate();
            continue;
          }
          if (freeMacFirst && change.mac() != null) {
            freeMac.setString(1, change.mac());
            freeMac.setLong(2, change.ip());
            freeMac.executeUpdate();
          }
          merge.setLong(1, change.ip());
          merge.setString(2, Ipv4.fromInt((int) change.ip()).getHostAddress());
          merge.setString(3, change.mac());
          merge.setString(4, change.state());
          merge.setObject(5, JdbcLeaseStore.time(change.expires()));
          merge.setObject(6, JdbcLeaseStore.time(change.updated()));
          merge.executeUpdate();
        }
        if (keep) {
          c.commit();
        } else {
          c.rollback();
        }
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** Writes what is waiting (for at most {@link #AWAIT_SECONDS}) and stops. */
  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      closed = true;
      notifyAll();
      t = thread;
    }
    if (t != null) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(AWAIT_SECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
