package dev.bootkeeper.dhcp;

import dev.bootkeeper.boot.Ipv4;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Writes lease claims with group commit, for a database that other appliances may share
 * (PostgreSQL): the database decides every race. Each claim waits until the transaction that holds
 * it is committed (so the OFFER or ACK is sent only for a durable lease), but claims that arrive
 * while a commit is under way share the next transaction. Each claim runs inside its own savepoint,
 * so one that loses its race (a constraint violation) is rolled back alone; conflicts that end the
 * whole transaction are retried (see {@link #write}).
 */
final class ClaimWriter extends QueuedLeaseWriter {

  private static final Logger LOG = Logger.getLogger(ClaimWriter.class);

  /**
   * How many transactions one claim may see ended by a conflict before it is answered "not
   * recorded".
   */
  static final int CONFLICTS_PER_CLAIM = 4;

  private static final String DELETE_PREVIOUS =
      "DELETE FROM dhcp_lease WHERE mac = ? AND ip_num <> ?";
  private static final String TAKE_OVER =
      "UPDATE dhcp_lease SET mac = ?, state = ?, expires_at = ?, updated_at = ?"
          + " WHERE ip_num = ? AND (mac = ? OR expires_at <= ?)";
  private static final String INSERT =
      "INSERT INTO dhcp_lease (ip_num, ip, mac, state, expires_at, updated_at)"
          + " VALUES (?, ?, ?, ?, ?, ?)";

  private final DataSource db;

  ClaimWriter(DataSource db) {
    this.db = db;
  }

  /**
   * Writes the batch, one transaction per attempt; results are handed out only after the commit
   * that makes them durable.
   *
   * <p>Behaviour under conflict with another writer (a second appliance on the same database): a
   * claim that loses to a committed row (a unique-key violation) is rolled back to its own
   * savepoint and answered "not recorded", as the allocator expects. A conflict that the database
   * settles by ending the whole transaction (a deadlock, a serialization failure, H2's lock timeout
   * or concurrent-update error) says nothing about who owns the address: the transaction is rolled
   * back and the batch's open claims run again in a new one. Claims go in address order, so two
   * writers take row locks in the same order and rarely deadlock at all. A claim that keeps
   * conflicting is answered "not recorded" after {@link #CONFLICTS_PER_CLAIM} rounds, and the
   * allocator moves on to another address; a DHCP client never sees the database's error.
   */
  @Override
  void write(List<Pending> batch) {
    List<Pending> open = new ArrayList<>(batch);
    open.sort(Comparator.comparingLong(p -> Ipv4.unsigned(p.lease().ip())));
    Map<Pending, Integer> conflicts = new IdentityHashMap<>();
    for (int round = 0; !open.isEmpty(); round++) {
      Attempt attempt;
      try {
        attempt = attempt(open);
      } catch (SQLException e) {
        open.forEach(p -> p.result().completeExceptionally(e));
        return;
      }
      if (attempt.committed() != null) {
        for (int i = 0; i < open.size(); i++) {
          open.get(i).result().complete(attempt.committed().get(i));
        }
        return;
      }
      Pending loser = attempt.conflicted();
      LOG.debugf(
          "lease writer: conflict with another writer at %s (round %d), retrying",
          loser.lease().ip().getHostAddress(), round);
      if (conflicts.merge(loser, 1, Integer::sum) >= CONFLICTS_PER_CLAIM) {
        open.remove(loser);
        loser.result().complete(NOT_RECORDED);
      }
    }
  }

  /**
   * One transaction over {@code claims}: either {@code committed} holds a result per claim (in
   * order), or {@code conflicted} names the claim whose conflict ended the transaction.
   */
  private record Attempt(List<Result> committed, Pending conflicted) {}

  /** Runs the transaction a batch of {@code leases} would commit, and rolls it back. */
  @Override
  void rehearse(List<Lease> leases, Instant now) throws SQLException {
    List<Pending> claims = new ArrayList<>(leases.size());
    leases.forEach(l -> claims.add(new Pending(l, now, new CompletableFuture<>())));
    attempt(claims, false);
  }

  private Attempt attempt(List<Pending> claims) throws SQLException {
    return attempt(claims, true);
  }

  private Attempt attempt(List<Pending> claims, boolean keep) throws SQLException {
    List<Result> results = new ArrayList<>(claims.size());
    try (Connection c = db.getConnection();
        PreparedStatement delete = c.prepareStatement(DELETE_PREVIOUS);
        PreparedStatement update = c.prepareStatement(TAKE_OVER);
        PreparedStatement insert = c.prepareStatement(INSERT)) {
      c.setAutoCommit(false);
      try {
        for (Pending p : claims) {
          Savepoint sp = c.setSavepoint();
          try {
            results.add(claimOne(delete, update, insert, p.lease(), p.now()));
          } catch (SQLException e) {
            if (JdbcLeaseStore.takenByAnother(e) && rolledBackTo(c, sp)) {
              results.add(NOT_RECORDED);
            } else if (JdbcLeaseStore.takenByAnother(e) || JdbcLeaseStore.conflict(e)) {
              c.rollback();
              return new Attempt(null, p);
            } else {
              throw e;
            }
          }
        }
        if (keep) {
          c.commit();
        } else {
          c.rollback();
        }
        return new Attempt(results, null);
      } catch (SQLException e) {
        rollbackQuietly(c, e);
        throw e;
      }
    }
  }

  /** False when the savepoint is gone: the database has already ended the transaction. */
  private static boolean rolledBackTo(Connection c, Savepoint sp) {
    try {
      c.rollback(sp);
      return true;
    } catch (SQLException gone) {
      return false;
    }
  }

  private static void rollbackQuietly(Connection c, SQLException cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static Result claimOne(
      PreparedStatement delete,
      PreparedStatement update,
      PreparedStatement insert,
      Lease lease,
      Instant now)
      throws SQLException {
    long ip = Ipv4.unsigned(lease.ip());
    String mac = lease.mac().colon();
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
  }
}
