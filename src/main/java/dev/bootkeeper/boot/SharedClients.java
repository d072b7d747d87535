package dev.bootkeeper.boot;

import dev.bootkeeper.background.BatchWriter;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The address-to-MAC directory every appliance on the database shares: table {@code
 * client_address}, one row per address, the MAC DHCP last saw take it and the node that saw it.
 *
 * <p>The DHCP path only queues ({@link #publish}); one writer thread stores what is queued, as one
 * transaction for whatever arrived meanwhile, so a quiet network has its sightings in the database
 * within a round trip and a boot storm costs one transaction per batch, not per packet. Rows older
 * than {@link ClientDirectory#STALE_AFTER} are deleted by the writer now and then.
 */
@ApplicationScoped
public class SharedClients {

  private static final Logger LOG = Logger.getLogger(SharedClients.class);

  static final int QUEUE_CAPACITY = 10_000;
  static final int BATCH = 500;
  static final Duration PRUNE_EVERY = Duration.ofMinutes(10);
  static final Duration STOP_WAIT = Duration.ofSeconds(2);

  /** For directories outside the appliance (tests, warm-up): knows nothing, stores nothing. */
  public static final SharedClients NONE = new SharedClients(null, null);

  /** One address as the database knows it; {@code age} is how long ago DHCP saw it. */
  public record Sighting(MacAddress mac, Duration age) {}

  private record Pending(InetAddress address, MacAddress mac, Instant at) {}

  private final DataSource db;
  private final NodeName node;
  private final BatchWriter<Pending> writer =
      new BatchWriter<>("client-address-writer", QUEUE_CAPACITY, BATCH, this::store)
          .betweenBatches(Duration.ofSeconds(1), this::pruneNowAndThen);
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failedLookups = new AtomicLong();
  private long prunedAt = System.nanoTime() - PRUNE_EVERY.toNanos();

  @Inject
  public SharedClients(DataSource db, NodeName node) {
    this.db = db;
    this.node = node;
  }

  public boolean enabled() {
    return db != null;
  }

  void start(@Observes StartupEvent ev) {
    writer.start();
  }

  void stop(@Observes ShutdownEvent ev) {
    List<Pending> left = writer.stop(STOP_WAIT);
    if (!left.isEmpty()) {
      LOG.warnf("stopping: %d client addresses not shared with the other nodes", left.size());
    }
  }

  /** Queues a sighting for the database; never waits. A full queue drops it (counted, logged). */
  public void publish(InetAddress address, MacAddress mac) {
    if (!enabled() || address == null) {
      return;
    }
    if (!writer.offer(new Pending(address, mac, Instant.now()))
        && dropped.incrementAndGet() % 1000 == 1) {
      LOG.warnf(
          "client address queue full: %d sightings not shared with the other nodes so far",
          dropped.get());
    }
  }

  /** What DHCP on any node last saw take this address; empty when unknown or unreadable. */
  public Optional<Sighting> lookup(InetAddress address) {
    if (!enabled()) {
      return Optional.empty();
    }
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT mac, seen_at FROM client_address WHERE address = ?")) {
      s.setString(1, address.getHostAddress());
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        Duration age = Duration.between(rs.getTimestamp(2).toInstant(), Instant.now());
        return Optional.of(new Sighting(MacAddress.of(rs.getString(1)), age.abs()));
      }
    } catch (SQLException | IllegalArgumentException e) {
      if (failedLookups.incrementAndGet() % 1000 == 1) {
        LOG.warnf("cannot read the shared client addresses: %s", e.getMessage());
      }
      return Optional.empty();
    }
  }

  /** One transaction: the latest sighting per address, updated in place or inserted. */
  void store(List<Pending> batch) {
    if (batch.isEmpty()) {
      return;
    }
    Map<InetAddress, Pending> latest = new LinkedHashMap<>();
    batch.forEach(p -> latest.put(p.address(), p));
    for (int attempt = 1; ; attempt++) {
      try {
        write(new ArrayList<>(latest.values()));
        return;
      } catch (SQLException e) {
        // Another node inserted one of these addresses between our update and insert: the
        // second attempt updates it.
        if (attempt >= 2) {
          LOG.warnf(
              "could not share %d client addresses with the other nodes: %s",
              latest.size(), e.getMessage());
          return;
        }
      }
    }
  }

  private void write(List<Pending> rows) throws SQLException {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        List<Pending> missing = new ArrayList<>();
        try (PreparedStatement u =
            c.prepareStatement(
                "UPDATE client_address SET mac = ?, seen_at = ?, node = ? WHERE address = ?")) {
          for (Pending p : rows) {
            u.setString(1, p.mac().colon());
            u.setTimestamp(2, Timestamp.from(p.at()));
            u.setString(3, node.get());
            u.setString(4, p.address().getHostAddress());
            u.addBatch();
          }
          int[] counts = u.executeBatch();
          for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
              missing.add(rows.get(i));
            }
          }
        }
        if (!missing.isEmpty()) {
          try (PreparedStatement i =
              c.prepareStatement(
                  "INSERT INTO client_address (address, mac, seen_at, node) VALUES (?, ?, ?, ?)")) {
            for (Pending p : missing) {
              i.setString(1, p.address().getHostAddress());
              i.setString(2, p.mac().colon());
              i.setTimestamp(3, Timestamp.from(p.at()));
              i.setString(4, node.get());
              i.addBatch();
            }
            i.executeBatch();
          }
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  private void pruneNowAndThen() {
    if (System.nanoTime() - prunedAt < PRUNE_EVERY.toNanos()) {
      return;
    }
    prunedAt = System.nanoTime();
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement("DELETE FROM client_address WHERE seen_at < ?")) {
      s.setTimestamp(1, Timestamp.from(Instant.now().minus(ClientDirectory.STALE_AFTER)));
      s.executeUpdate();
    } catch (SQLException e) {
      LOG.debugf("pruning old client addresses: %s", e.getMessage());
    }
  }
}
