package dev.bootkeeper.dhcp;

import dev.bootkeeper.boot.Ipv4;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The lease writer of an embedded database, which only this process opens: the {@link LeaseMirror}
 * holds every lease, so it decides each claim exactly as the table's constraints would (one row per
 * address, one per MAC, taken over only when the client's own or expired), and the claim is durable
 * once the {@link LeaseJournal} holds it: one append per batch, then the answer, and the table is
 * brought up to date behind ({@link LeaseTableApplier}). Releases and declines go the same way, so
 * the journal holds every change to the table in the order the mirror saw them.
 *
 * <p>Decisions, the append and the mirror's update happen under the mirror's lock, so readers never
 * see a lease that is not durable yet (the OFFER path does not wait for it, as before: offers are
 * held in memory).
 */
final class JournaledLeaseWriter extends QueuedLeaseWriter {

  private static final Logger LOG = Logger.getLogger(JournaledLeaseWriter.class);

  private final LeaseMirror mirror;
  private final LeaseJournal journal;
  private final LeaseTableApplier table;

  private JournaledLeaseWriter(DataSource db, LeaseMirror mirror, LeaseJournal journal) {
    this.mirror = mirror;
    this.journal = journal;
    this.table = new LeaseTableApplier(db, journal);
    // After a failed append the mirror is read again from the table: all of the journal first.
    mirror.beforeLoad(table::awaitApplied);
  }

  /**
   * The writer for the database {@code db}, journalling in {@code directory} (none for a database
   * in memory). What a journal left there at the last stop is written to the table first.
   */
  static JournaledLeaseWriter open(DataSource db, LeaseMirror mirror, Optional<Path> directory) {
    if (directory.isEmpty()) {
      return new JournaledLeaseWriter(db, mirror, LeaseJournal.none());
    }
    Path dir = directory.get();
    try {
      List<LeaseRowChange> left = LeaseJournal.read(dir);
      if (!left.isEmpty()) {
        LeaseTableApplier.replay(db, left);
        LOG.infof(
            "lease journal: wrote the %d lease changes %s held from before the last stop",
            left.size(), dir);
      }
      LeaseJournal.discard(dir);
      return new JournaledLeaseWriter(db, mirror, LeaseJournal.in(dir));
    } catch (IOException | SQLException e) {
      throw new IllegalStateException(
          "lease store: cannot replay the lease journal " + dir + ": " + e, e);
    }
  }

  @Override
  void write(List<Pending> batch) {
    List<Result> results = new ArrayList<>(batch.size());
    try {
      mirror.committing(
          () -> {
            List<LeaseRowChange> changes = new ArrayList<>(batch.size() + 4);
            for (Pending p : batch) {
              results.add(decide(p.lease(), p.now(), changes));
            }
            record(changes);
            return null;
          });
    } catch (SQLException | RuntimeException e) {
      batch.forEach(p -> p.result().completeExceptionally(e));
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).result().complete(results.get(i));
    }
  }

  /**
   * What the claim's transaction would do to the table: refused while another client's lease of the
   * address runs (or its quarantine); else the MAC's other row goes and the address is its.
   */
  private Result decide(Lease lease, Instant now, List<LeaseRowChange> changes) {
    long ip = Ipv4.unsigned(lease.ip());
    String mac = lease.mac().colon();
    Optional<LeaseMirror.Row> row = mirror.row(ip);
    if (row.isPresent() && !mac.equals(row.get().mac()) && row.get().expires().isAfter(now)) {
      return NOT_RECORDED;
    }
    Long previous = mirror.addressOf(mac);
    boolean moved = previous != null && previous != ip;
    if (moved) {
      changes.add(LeaseRowChange.removal(previous));
    }
    changes.add(LeaseRowChange.claim(lease, now));
    mirror.claimed(ip, mac, lease.state().name(), lease.expires());
    return new Result(true, moved);
  }

  /** The client gave its lease back: it ends now (as {@link JdbcLeaseStore#release}). */
  void release(long ip, String mac, Instant now) throws SQLException {
    mirror.committing(
        () -> {
          Optional<LeaseMirror.Row> row = mirror.row(ip);
          if (row.isPresent() && mac.equals(row.get().mac()) && row.get().expires().isAfter(now)) {
            Instant at = JdbcLeaseStore.time(now).toInstant();
            record(List.of(new LeaseRowChange(ip, mac, Lease.State.RELEASED.name(), at, at)));
            mirror.released(ip, mac, now);
          }
          return null;
        });
  }

  /** The address is no one's until {@code until} (as {@link JdbcLeaseStore#quarantine}). */
  void quarantine(long ip, Instant until, Instant now) throws SQLException {
    mirror.committing(
        () -> {
          record(
              List.of(
                  new LeaseRowChange(
                      ip,
                      null,
                      JdbcLeaseStore.QUARANTINED,
                      JdbcLeaseStore.time(until).toInstant(),
                      JdbcLeaseStore.time(now).toInstant())));
          mirror.quarantined(ip, until);
          return null;
        });
  }

  /**
   * Under the mirror's lock: the journal holds {@code changes} when this returns, and the table
   * gets them behind. If the append fails, the mirror (already told of some) is read again from the
   * table once the table holds all that the journal does, and the claims are answered with the
   * error.
   */
  private void record(List<LeaseRowChange> changes) throws SQLException {
    if (changes.isEmpty()) {
      return;
    }
    try {
      table.enqueue(journal.append(changes), changes);
    } catch (IOException e) {
      throw new SQLException("lease journal: cannot append: " + e, e);
    }
  }

  /** Returns once the table holds every change made before the call. */
  void awaitWritten() {
    table.awaitApplied();
  }

  @Override
  void rehearse(List<Lease> leases, Instant now) throws SQLException {
    List<LeaseRowChange> changes = new ArrayList<>(leases.size());
    for (Lease l : leases) {
      changes.add(LeaseRowChange.claim(l, now));
    }
    try {
      LeaseJournal.encode(changes);
    } catch (IOException e) {
      throw new SQLException("lease journal: cannot encode: " + e, e);
    }
    table.rehearse(changes);
  }

  /** Stops taking claims, writes the rest to the table, and leaves an empty journal. */
  @Override
  public void close() {
    super.close();
    table.close();
    try {
      journal.close();
    } catch (IOException e) {
      LOG.warnf("lease journal: cannot close: %s", e);
    }
  }
}
