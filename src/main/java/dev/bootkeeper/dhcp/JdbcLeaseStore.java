package dev.bootkeeper.dhcp;

import dev.bootkeeper.boot.Ipv4;
import dev.bootkeeper.boot.MacAddress;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.Inet4Address;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The durable {@link LeaseStore}: table {@code dhcp_lease} (migration V2). A claim is durable
 * before the server sends the ACK that announces it (offers are written behind the OFFER: {@link
 * #offer}), in one of two ways:
 *
 * <ul>
 *   <li>On a database several appliances may share (PostgreSQL), the database decides every race:
 *       one row per address (primary key), one row per MAC (unique), and a claim takes a row over
 *       only while it is the client's own or expired; whoever loses sees a constraint violation or
 *       an update of no row and answers {@code false} ({@link ClaimWriter}, plain JDBC: a claim is
 *       three statements in a savepoint, and a unique-key violation must end up as "taken", not as
 *       a rolled-back session).
 *   <li>On a database only this process opens (embedded H2), a {@link LeaseMirror} of the table
 *       holds every lease, decides the same races, and answers every read; a claim is durable once
 *       the lease journal beside the database file holds it, and the table follows behind ({@link
 *       JournaledLeaseWriter}). Readers of the table itself wait for it ({@link #awaitWritten}).
 * </ul>
 */
@ApplicationScoped
public class JdbcLeaseStore implements LeaseStore {

  private static final Logger LOG = Logger.getLogger(JdbcLeaseStore.class);

  private static final String COLUMNS = "ip_num, mac, state, expires_at";

  /** The state of an address a client declined: no one's until it expires. */
  static final String QUARANTINED = "QUARANTINED";

  /** How often a single-statement write is tried when it conflicts with another writer. */
  private static final int CONFLICT_ATTEMPTS = 4;

  private final DataSource db;
  private final FreeAddresses free;
  private final LeaseMirror mirror;
  private final Optional<String> configuredUrl;
  private volatile QueuedLeaseWriter writer;
  private final OffersInFlight inFlight = new OffersInFlight();

  /**
   * How long an offer stays in memory only. A client that REQUESTs within this time never has an
   * OFFERED row; one that does not (it took another server's offer, or went away) gets one.
   */
  static final Duration OFFER_ROW_AFTER = Duration.ofSeconds(2);

  private final ScheduledExecutorService offerRows =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "dhcp-offer-rows");
            t.setDaemon(true);
            return t;
          });

  private final Duration offerRowAfter;
  private volatile boolean closed;

  /** How offers reach the database. */
  enum Offers {
    /** Committed before the OFFER, so that appliances sharing the database never offer alike. */
    DURABLE,
    /** Written behind the OFFER: a database only this appliance uses (embedded H2). */
    WRITTEN_BEHIND,
    /** Decided on first use from the database's address ({@link #offersFor}). */
    BY_DATABASE
  }

  private volatile Offers offers;

  /**
   * @param configuredUrl the JDBC URL as configured, with its settings (the database's own metadata
   *     leaves them out, AUTO_SERVER among them)
   */
  @Inject
  public JdbcLeaseStore(
      DataSource db,
      @ConfigProperty(name = "quarkus.datasource.jdbc.url") Optional<String> configuredUrl) {
    this(
        db,
        configuredUrl.map(JdbcLeaseStore::offersFor).orElse(Offers.BY_DATABASE),
        OFFER_ROW_AFTER,
        configuredUrl);
  }

  public JdbcLeaseStore(DataSource db) {
    this(db, Offers.BY_DATABASE);
  }

  JdbcLeaseStore(DataSource db, Offers offers) {
    this(db, offers, OFFER_ROW_AFTER);
  }

  JdbcLeaseStore(DataSource db, Offers offers, Duration offerRowAfter) {
    this(db, offers, offerRowAfter, Optional.empty());
  }

  private JdbcLeaseStore(
      DataSource db, Offers offers, Duration offerRowAfter, Optional<String> configuredUrl) {
    this.db = db;
    this.offers = offers;
    this.offerRowAfter = offerRowAfter;
    this.configuredUrl = configuredUrl;
    this.free = new FreeAddresses(db);
    this.mirror = new LeaseMirror(db);
  }

  /**
   * At start, whether or not DHCP is on: what the lease journal kept from before the last stop is
   * written to the table before anyone reads it.
   */
  void replayJournal(@Observes StartupEvent ev) {
    writer();
  }

  /**
   * The lease writer, made on first use: on a database only this process opens, the journalled one
   * (after its replay); elsewhere the one whose transactions the database arbitrates.
   */
  private QueuedLeaseWriter writer() {
    QueuedLeaseWriter w = writer;
    if (w == null) {
      synchronized (this) {
        w = writer;
        if (w == null) {
          if (closed) {
            throw new IllegalStateException("lease store is closed");
          }
          w =
              offers() == Offers.DURABLE
                  ? new ClaimWriter(db)
                  : JournaledLeaseWriter.open(
                      db,
                      mirror,
                      LeaseJournal.besideDatabase(configuredUrl.orElseGet(this::databaseUrl)));
          writer = w;
        }
      }
    }
    return w;
  }

  /** The journalled writer, or null where the database arbitrates every write. */
  private JournaledLeaseWriter journaled() {
    return writer() instanceof JournaledLeaseWriter j ? j : null;
  }

  /**
   * Returns once the table holds every lease change made before the call: for readers of the table
   * itself (the API), where the embedded database's table is written behind the journal.
   */
  public void awaitWritten() {
    JournaledLeaseWriter j = journaled();
    if (j != null) {
      j.awaitWritten();
    }
  }

  /** An offer whose row is not written yet comes first: it replaces the client's row. */
  @Override
  public Optional<Lease> byMac(MacAddress mac) {
    Optional<Lease> inFlight = this.inFlight.offeredTo(mac);
    if (inFlight.isPresent()) {
      return inFlight;
    }
    if (mirrored()) {
      return mirror.byMac(mac);
    }
    return one("SELECT " + COLUMNS + " FROM dhcp_lease WHERE mac = ?", mac.colon());
  }

  @Override
  public Optional<Lease> byIp(Inet4Address ip) {
    if (mirrored()) {
      return mirror.byIp(Ipv4.unsigned(ip));
    }
    return one(
        "SELECT " + COLUMNS + " FROM dhcp_lease WHERE ip_num = ? AND mac IS NOT NULL",
        Ipv4.unsigned(ip));
  }

  /** Committed before it returns; concurrent claims share a commit ({@link ClaimWriter}). */
  @Override
  public boolean claim(Lease lease, Instant now) {
    return QueuedLeaseWriter.await(claimLater(lease, now).toCompletableFuture(), lease);
  }

  /**
   * Completes on the lease writer's thread, right after the commit that holds the claim. An address
   * offered to another client and not yet written is refused as if its row were there.
   */
  @Override
  public CompletionStage<Boolean> claimLater(Lease lease, Instant now) {
    if (inFlight.heldForAnother(lease.ip(), lease.mac(), now)) {
      return CompletableFuture.completedFuture(false);
    }
    OffersInFlight.Hold offered;
    CompletableFuture<QueuedLeaseWriter.Result> written;
    // With the offer-row timer: an offer row queued after this claim would replace it.
    synchronized (inFlight) {
      offered = inFlight.claiming(lease.mac());
      written = writer().submit(lease, now);
    }
    return written
        .orTimeout(QueuedLeaseWriter.TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .whenComplete(
            (r, failure) -> {
              if (offered != null) {
                inFlight.end(offered);
              }
            })
        .thenApply(
            r -> {
              if (r.movedFromAnother()) {
                free.freed();
              }
              return r.recorded();
            });
  }

  /** In a transaction rolled back at its end: nothing is stored. */
  @Override
  public void rehearseClaims(List<Lease> leases, Instant now) {
    try {
      writer().rehearse(leases, now);
    } catch (SQLException e) {
      throw new IllegalStateException("lease store: rehearsal of claims failed: " + e, e);
    }
  }

  /**
   * On the embedded database every write to the table is this store's own: reads come from its
   * {@link LeaseMirror}. Anywhere else another appliance may write, and reads go to the table.
   */
  private boolean mirrored() {
    return journaled() != null;
  }

  /** On the embedded database: offers are held in memory and claims committed behind. */
  @Override
  public boolean answersWithoutWaiting() {
    return offers() != Offers.DURABLE;
  }

  /**
   * Holds the address in memory ({@link OffersInFlight}) after checking that no other client's row
   * holds it, without waiting for any write: the OFFER goes out in the time of two reads, not of a
   * commit, which is what a client of a boot storm waits for. The OFFERED row is written only if
   * the client has not claimed an address within {@link #OFFER_ROW_AFTER} (most REQUEST within
   * milliseconds, and their claim writes the only row needed); the API lists an offer from then on.
   * (The lease writer's CPU in a storm did not measurably drop with it: its cost is per claim.)
   */
  @Override
  public boolean offer(Lease lease, Instant now) {
    if (offers() == Offers.DURABLE) {
      return claim(lease, now);
    }
    OffersInFlight.Hold hold = inFlight.hold(lease, now);
    if (hold == null) {
      return false;
    }
    boolean scheduled = false;
    try {
      if (!freeFor(lease, now)) {
        return false;
      }
      offerRows.schedule(
          () -> writeOfferRow(hold, lease, now), offerRowAfter.toMillis(), TimeUnit.MILLISECONDS);
      scheduled = true;
      return true;
    } finally {
      if (!scheduled) {
        inFlight.end(hold);
      }
    }
  }

  /** The offer is still its client's newest and unclaimed: its row goes to the lease writer. */
  private void writeOfferRow(OffersInFlight.Hold hold, Lease lease, Instant now) {
    CompletableFuture<QueuedLeaseWriter.Result> written;
    synchronized (inFlight) {
      if (!inFlight.current(hold) || closed) {
        inFlight.end(hold);
        return;
      }
      written = writer().submit(lease, now);
    }
    written.whenComplete(
        (r, failure) -> {
          inFlight.end(hold);
          if (failure != null) {
            LOG.warnf("lease store: the offer of %s was not written: %s", lease, failure);
          } else if (r.movedFromAnother()) {
            free.freed();
          }
        });
  }

  private Offers offers() {
    Offers o = offers;
    if (o == Offers.BY_DATABASE) {
      o = offersFor(databaseUrl());
      offers = o;
      LOG.debugf("lease store: offers are %s", o);
    }
    return o;
  }

  /**
   * An embedded H2 database (a file or memory URL, not a TCP server) can only be open in this
   * process, so no other appliance can take an address between an offer and its row: offers are
   * written behind. Anything else (PostgreSQL, an H2 server, an H2 file opened with
   * AUTO_SERVER=TRUE, which another process may open too) may be shared by several appliances.
   */
  static Offers offersFor(String url) {
    boolean onlyThisProcess =
        url != null
            && url.startsWith("jdbc:h2:")
            && !url.startsWith("jdbc:h2:tcp:")
            && !url.startsWith("jdbc:h2:ssl:")
            && !url.toUpperCase(Locale.ROOT).contains(";AUTO_SERVER=TRUE");
    return onlyThisProcess ? Offers.WRITTEN_BEHIND : Offers.DURABLE;
  }

  private String databaseUrl() {
    try (Connection c = db.getConnection()) {
      return c.getMetaData().getURL();
    } catch (SQLException e) {
      throw new IllegalStateException("lease store: cannot read the database's address: " + e, e);
    }
  }

  /** Whether a claim of {@code lease} would take its row: none, the client's own, or expired. */
  private boolean freeFor(Lease lease, Instant now) {
    if (mirrored()) {
      return mirror
          .row(Ipv4.unsigned(lease.ip()))
          .map(r -> lease.mac().colon().equals(r.mac()) || !r.expires().isAfter(now))
          .orElse(true);
    }
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT mac, expires_at FROM dhcp_lease WHERE ip_num = ?")) {
      ps.setLong(1, Ipv4.unsigned(lease.ip()));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return true;
        }
        return lease.mac().colon().equals(rs.getString(1))
            || !rs.getObject(2, OffsetDateTime.class).toInstant().isAfter(now);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("lease store: cannot read a lease: " + e, e);
    }
  }

  @PreDestroy
  void close() {
    synchronized (inFlight) {
      closed = true;
    }
    offerRows.shutdownNow();
    QueuedLeaseWriter w = writer;
    if (w != null) {
      w.close();
    }
  }

  @Override
  public Optional<Inet4Address> findFree(
      Inet4Address first, Inet4Address last, Instant now, Predicate<Inet4Address> excluded) {
    try {
      // Offers not yet written have no row: without this, the next client would be offered one.
      return free.find(
          Ipv4.unsigned(first),
          Ipv4.unsigned(last),
          now,
          ip -> excluded.test(ip) || inFlight.held(ip, now),
          mirrored() ? mirror : null);
    } catch (SQLException e) {
      throw new IllegalStateException("lease store: cannot look for a free address: " + e, e);
    }
  }

  @Override
  public void release(Inet4Address ip, MacAddress mac, Instant now) {
    JournaledLeaseWriter j = journaled();
    if (j != null) {
      try {
        j.release(Ipv4.unsigned(ip), mac.colon(), now);
      } catch (SQLException e) {
        throw new IllegalStateException("lease store: cannot release " + ip + ": " + e, e);
      }
      return;
    }
    for (int attempt = 1; ; attempt++) {
      try (Connection c = db.getConnection()) {
        mirror.committing(
            () -> {
              int n =
                  update(
                      c,
                      "UPDATE dhcp_lease SET state = ?, expires_at = ?, updated_at = ?"
                          + " WHERE ip_num = ? AND mac = ? AND expires_at > ?",
                      Lease.State.RELEASED.name(),
                      time(now),
                      time(now),
                      Ipv4.unsigned(ip),
                      mac.colon(),
                      time(now));
              if (n > 0) {
                mirror.released(Ipv4.unsigned(ip), mac.colon(), now);
              }
              return null;
            });
        return;
      } catch (SQLException e) {
        // One statement on its own: a conflict with another writer is simply tried again.
        if (attempt == CONFLICT_ATTEMPTS || !conflict(e)) {
          throw new IllegalStateException("lease store: cannot release " + ip + ": " + e, e);
        }
      }
    }
  }

  @Override
  public void quarantine(Inet4Address ip, Instant until) {
    long key = Ipv4.unsigned(ip);
    Instant now = Instant.now();
    JournaledLeaseWriter j = journaled();
    if (j != null) {
      try {
        j.quarantine(key, until, now);
      } catch (SQLException e) {
        throw new IllegalStateException("lease store: cannot quarantine " + ip + ": " + e, e);
      }
      return;
    }
    for (int attempt = 1; ; attempt++) {
      try (Connection c = db.getConnection()) {
        mirror.committing(
            () -> {
              int n =
                  update(
                      c,
                      "UPDATE dhcp_lease SET mac = NULL, state = 'QUARANTINED', expires_at = ?,"
                          + " updated_at = ? WHERE ip_num = ?",
                      time(until),
                      time(now),
                      key);
              if (n == 0) {
                update(
                    c,
                    "INSERT INTO dhcp_lease (ip_num, ip, mac, state, expires_at, updated_at)"
                        + " VALUES (?, ?, NULL, 'QUARANTINED', ?, ?)",
                    key,
                    ip.getHostAddress(),
                    time(until),
                    time(now));
              }
              mirror.quarantined(key, until);
              return null;
            });
        return;
      } catch (SQLException e) {
        // A concurrent insert of the same address (the row exists now, so update it), or a
        // conflict with another writer: either way, the next attempt settles it.
        if (attempt == CONFLICT_ATTEMPTS || !(takenByAnother(e) || conflict(e))) {
          throw new IllegalStateException("lease store: cannot quarantine " + ip + ": " + e, e);
        }
      }
    }
  }

  @Override
  public List<Lease> all() {
    awaitWritten();
    List<Lease> out = new ArrayList<>();
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT " + COLUMNS + " FROM dhcp_lease WHERE mac IS NOT NULL ORDER BY ip_num");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(lease(rs));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("lease store: cannot list leases: " + e, e);
    }
  }

  @Override
  public long countActive(Instant now) {
    awaitWritten();
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT COUNT(*) FROM dhcp_lease WHERE mac IS NOT NULL AND expires_at > ?")) {
      ps.setObject(1, time(now));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("lease store: cannot count leases: " + e, e);
    }
  }

  private Optional<Lease> one(String sql, Object key) {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(lease(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("lease store: cannot read a lease: " + e, e);
    }
  }

  private static Lease lease(ResultSet rs) throws SQLException {
    return new Lease(
        Ipv4.fromInt((int) rs.getLong(1)),
        MacAddress.of(rs.getString(2)),
        rs.getObject(4, OffsetDateTime.class).toInstant(),
        Lease.State.valueOf(rs.getString(3)));
  }

  static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      return ps.executeUpdate();
    }
  }

  /** Database time has microseconds; rounding here keeps what is written and read equal. */
  static OffsetDateTime time(Instant t) {
    return t.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
  }

  /** Someone else's row is there: a unique-key violation (SQL state class 23). */
  static boolean takenByAnother(SQLException e) {
    String state = e.getSQLState();
    return state != null && state.startsWith("23");
  }

  /**
   * A conflict between concurrent writers that says nothing about who owns a row, and after which
   * the database may have ended the whole transaction: a serialization failure or deadlock (class
   * 40; H2 rolls the transaction back on a deadlock, PostgreSQL aborts it), H2's lock timeout
   * (HYT00) or concurrent-update error (90131). Trying again in a new transaction is the answer.
   */
  static boolean conflict(SQLException e) {
    String state = e.getSQLState();
    return state != null
        && (state.startsWith("40") || state.equals("HYT00") || state.equals("90131"));
  }
}
