package dev.bootkeeper.store;

import dev.bootkeeper.background.DaemonLoop;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Hears of changes made by the other appliances on the same database, so that their settings take
 * effect here within a second and without a restart. On PostgreSQL a dedicated connection LISTENs
 * on {@value ChangeLog#CHANNEL} (reconnecting with a growing pause when it breaks); whether a
 * notification came or not, the counters in {@code store_change} are read every {@link #POLL}, so a
 * notification lost while the connection was down is made up by the next read. On H2, which one
 * node opens, the read is all there is.
 */
@ApplicationScoped
public class ChangeFeed {

  private static final Logger LOG = Logger.getLogger(ChangeFeed.class);

  static final Duration POLL = Duration.ofSeconds(1);
  static final Duration FIRST_RETRY = Duration.ofMillis(500);
  static final Duration LONGEST_RETRY = Duration.ofSeconds(30);
  static final Duration STOP_WAIT = Duration.ofSeconds(2);

  private final DataSource db;
  private final Event<StoreChanged> changed;
  private final Map<StoreChanges.Area, Long> seen = new EnumMap<>(StoreChanges.Area.class);
  private final DaemonLoop loop =
      new DaemonLoop("store-change-feed", this::listenAndPoll).endingWith(this::closeListening);
  private boolean postgres;
  private Connection listening;
  private long retryAt;
  private Duration retry = FIRST_RETRY;
  private boolean pollFailing;

  public ChangeFeed(DataSource db, Event<StoreChanged> changed) {
    this.db = db;
    this.changed = changed;
  }

  void start(@Observes StartupEvent ev) {
    postgres = jdbcUrl().startsWith("jdbc:postgresql:");
    poll();
    loop.start();
  }

  void stop(@Observes ShutdownEvent ev) {
    loop.stop(STOP_WAIT);
  }

  /** One turn of the feed: (re)connect the listener when due, wait, read the counters. */
  private void listenAndPoll() throws InterruptedException {
    if (postgres && listening == null && System.nanoTime() - retryAt >= 0) {
      listen();
    }
    await();
    poll();
  }

  /** Waits for a notification or the poll interval, whichever comes first. */
  private void await() throws InterruptedException {
    Connection c = listening;
    if (c == null) {
      Thread.sleep(POLL.toMillis());
      return;
    }
    try {
      PGNotification[] notes = c.unwrap(PGConnection.class).getNotifications((int) POLL.toMillis());
      if (notes != null && notes.length > 0) {
        LOG.debugf("%d change notification(s)", notes.length);
      }
    } catch (SQLException e) {
      if (!loop.running()) {
        return;
      }
      LOG.warnf(
          "the change notifications connection broke (%s); reading the change counters every %d"
              + " ms until it is back",
          e.getMessage(), POLL.toMillis());
      closeListening();
      scheduleRetry();
      Thread.sleep(POLL.toMillis());
    }
  }

  private void listen() {
    try {
      Connection c = DriverManager.getConnection(jdbcUrl(), user(), password());
      try (Statement s = c.createStatement()) {
        s.execute("LISTEN " + ChangeLog.CHANNEL);
      }
      listening = c;
      if (retry.compareTo(FIRST_RETRY) > 0) {
        LOG.infof("listening for changes of the other nodes again");
      }
      retry = FIRST_RETRY;
    } catch (SQLException e) {
      LOG.warnf(
          "cannot listen for changes of the other nodes (%s); retrying in %d ms",
          e.getMessage(), retry.toMillis());
      scheduleRetry();
    }
  }

  private void scheduleRetry() {
    retryAt = System.nanoTime() + retry.toNanos();
    Duration doubled = retry.multipliedBy(2);
    retry = doubled.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : doubled;
  }

  private void closeListening() {
    if (listening != null) {
      try {
        listening.close();
      } catch (SQLException e) {
        LOG.debugf("closing the notifications connection: %s", e.getMessage());
      }
      listening = null;
    }
  }

  /** Reads the counters and tells this node about every area whose counter moved. */
  synchronized void poll() {
    Map<StoreChanges.Area, Long> now = new EnumMap<>(StoreChanges.Area.class);
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT area, version FROM store_change")) {
      while (rs.next()) {
        areaNamed(rs.getString(1)).ifPresent(a -> putVersion(now, a, rs));
      }
      if (pollFailing) {
        LOG.infof("the change counters can be read again");
        pollFailing = false;
      }
    } catch (SQLException | RuntimeException e) {
      if (!pollFailing) {
        LOG.warnf("cannot read the change counters: %s", e.getMessage());
        pollFailing = true;
      }
      return;
    }
    now.forEach(
        (area, version) -> {
          Long before = seen.put(area, version);
          if (before != null && !before.equals(version)) {
            StoreChanges.changedElsewhere(area);
            try {
              changed.fire(new StoreChanged(area));
            } catch (RuntimeException e) {
              LOG.errorf(e, "applying a change of %s from the store failed", area);
            }
          }
        });
  }

  private static void putVersion(
      Map<StoreChanges.Area, Long> now, StoreChanges.Area area, ResultSet rs) {
    try {
      now.put(area, rs.getLong(2));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static java.util.Optional<StoreChanges.Area> areaNamed(String name) {
    for (StoreChanges.Area a : StoreChanges.Area.values()) {
      if (a.name().equals(name)) {
        return java.util.Optional.of(a);
      }
    }
    return java.util.Optional.empty();
  }

  private static String jdbcUrl() {
    return ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
  }

  private static String user() {
    return ConfigProvider.getConfig()
        .getOptionalValue("quarkus.datasource.username", String.class)
        .orElse(null);
  }

  private static String password() {
    return ConfigProvider.getConfig()
        .getOptionalValue("quarkus.datasource.password", String.class)
        .orElse(null);
  }
}
