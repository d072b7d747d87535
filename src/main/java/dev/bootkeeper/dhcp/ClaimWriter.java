package dev.bootkeeper.dhcp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Writes lease claims with group commit. Each claim waits until the transaction that holds it is
 * committed (so the OFFER or ACK is sent only for a durable lease), but claims that arrive while a
 * commit is under way share the next transaction: in a boot storm one commit, the expensive part of
 * an embedded database's write, carries many leases. Each claim runs inside its own savepoint, so
 * one that loses its race (a constraint violation) is rolled back alone.
 */
final class ClaimWriter implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ClaimWriter.class);

  /** At most this many claims per transaction. */
  static final int MAX_BATCH = 128;

  /** How long a caller waits for its claim before giving up (the client retransmits). */
  static final long TIMEOUT_SECONDS = 30;

  private static final String DELETE_PREVIOUS =
      "DELETE FROM dhcp_lease WHERE mac = ? AND ip_num <> ?";
  private static final String TAKE_OVER =
      "UPDATE dhcp_lease SET mac = ?, state = ?, expires_at = ?, updated_at = ?"
          + " WHERE ip_num = ? AND (mac = ? OR expires_at <= ?)";
  private static final String INSERT =
      "INSERT INTO dhcp_lease (ip_num, ip, mac, state, expires_at, updated_at)"
          + " VALUES (?, ?, ?, ?, ?, ?)";

  /** A claim's result: whether it was recorded, and whether it gave up the MAC's old address. */
  record Result(boolean recorded, boolean movedFromAnother) {}

  private record Pending(Lease lease, Instant now, CompletableFuture<Result> result) {}

  private final DataSource db;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private volatile Thread thread;
  private volatile boolean closed;

  ClaimWriter(DataSource db) {
    this.db = db;
  }

  /** Records the claim as described in {@link LeaseStore#claim}; blocks until committed. */
  Result claim(Lease lease, Instant now) {
    if (closed) {
      throw new IllegalStateException("lease store is closed");
    }
    start();
    Pending p = new Pending(lease, now, new CompletableFuture<>());
    queue.add(p);
    try {
      return p.result().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "lease store: cannot claim " + lease + ": " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("lease store: claim of " + lease + " timed out", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while claiming " + lease, e);
    }
  }

  private void start() {
    if (thread == null) {
      synchronized (this) {
        if (thread == null) {
          Thread t = new Thread(this::run, "dhcp-lease-writer");
          t.setDaemon(true);
          t.start();
          thread = t;
        }
      }
    }
  }

  private void run() {
    List<Pending> batch = new ArrayList<>();
    while (!closed) {
      try {
        Pending first = queue.poll(1, TimeUnit.SECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        write(batch);
      } catch (InterruptedException e) {
        break;
      } catch (RuntimeException e) {
        LOG.errorf(e, "lease writer: unexpected failure");
        batch.forEach(p -> p.result().completeExceptionally(e));
      } finally {
        batch.clear();
      }
    }
    Pending left;
    while ((left = queue.poll()) != null) {
      left.result().completeExceptionally(new IllegalStateException("lease store is closed"));
    }
  }

  /** One transaction for the whole batch; results are handed out only after the commit. */
  private void write(List<Pending> batch) {
    List<Result> results = new ArrayList<>(batch.size());
    try (Connection c = db.getConnection();
        PreparedStatement delete = c.prepareStatement(DELETE_PREVIOUS);
        PreparedStatement update = c.prepareStatement(TAKE_OVER);
        PreparedStatement insert = c.prepareStatement(INSERT)) {
      c.setAutoCommit(false);
      try {
        for (Pending p : batch) {
          results.add(claimOne(c, delete, update, insert, p.lease(), p.now()));
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      batch.forEach(p -> p.result().completeExceptionally(e));
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).result().complete(results.get(i));
    }
  }

  private static Result claimOne(
      Connection c,
      PreparedStatement delete,
      PreparedStatement update,
      PreparedStatement insert,
      Lease lease,
      Instant now)
      throws SQLException {
    long ip = Ipv4.unsigned(lease.ip());
    String mac = lease.mac().colon();
    Savepoint sp = c.setSavepoint();
    try {
      // The client's previous address goes back to the pool (one lease per MAC).
      delete.setString(1, mac);
      delete.setLong(2, ip);
      int moved = delete.executeUpdate();
      update.setString(1, mac);
      update.setString(2, lease.state().name());
      update.setObject(3, JdbcLeaseStore.time(lease.expires()));
      update.setObject(4, JdbcLeaseStore.time(now));
      update.setLong(5, ip);
      update.setString(6, mac);
      update.setObject(7, JdbcLeaseStore.time(now));
      if (update.executeUpdate() == 0) {
        // No row, or a row someone else holds: the insert succeeds only in the first case.
        insert.setLong(1, ip);
        insert.setString(2, lease.ip().getHostAddress());
        insert.setString(3, mac);
        insert.setString(4, lease.state().name());
        insert.setObject(5, JdbcLeaseStore.time(lease.expires()));
        insert.setObject(6, JdbcLeaseStore.time(now));
        insert.executeUpdate();
      }
      return new Result(true, moved > 0);
    } catch (SQLException e) {
      if (!JdbcLeaseStore.lostRace(e)) {
        throw e;
      }
      c.rollback(sp);
      return new Result(false, false);
    }
  }

  @Override
  public void close() {
    closed = true;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
