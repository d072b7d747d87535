package dev.bootkeeper.boot;

import dev.bootkeeper.background.BatchWriter;
import dev.bootkeeper.background.SpillFile;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Takes boot events from every protocol without blocking, hands each to live listeners (the
 * dashboard's stream), and logs and writes them to the store in batches from one worker thread, so
 * a boot storm costs one transaction per batch instead of one per packet, and no log line is
 * formatted and written on a protocol's request path. When a storm outruns the database for longer
 * than the queue holds, events overflow to a file in the data directory ({@value #OVERFLOW_FILE})
 * and are stored from there, in order, once the writer has caught up. Only an event that finds the
 * file full too is counted and summed up once a second ({@link DroppedEvents}), not logged by its
 * caller.
 */
@ApplicationScoped
public class BootEventRecorder implements BootEventSink {

  private static final Logger LOG = Logger.getLogger("dev.bootkeeper.boot.events");
  static final int QUEUE_CAPACITY = 100_000;

  /**
   * The most events one transaction stores. A batch is this large only when the writer is behind (a
   * steady trickle goes out after {@link #LINGER}); then each commit rewrites the index pages the
   * batch touched (the MAC index spreads a storm's rows over many), so the more rows share a commit
   * the fewer page writes each costs: with 5,000 instead of 500, flight recordings of a storm of
   * 4,000 DHCP exchanges a second showed the writer's commits at half (its total CPU moved within
   * the noise).
   */
  static final int BATCH = 5000;

  static final String OVERFLOW_FILE = "boot-events.overflow";

  /**
   * How long the writer waits for more events after the first of a batch. Without it, a steady
   * stream (1,000 HTTP requests a second) drained one event per transaction and the writer took a
   * quarter of the CPU; with it, a batch holds whatever arrived within the wait. The dashboard's
   * live stream does not wait: listeners get each event as it is published.
   */
  static final Duration LINGER = Duration.ofMillis(20);

  /** At most this long between two looks for the summaries of a finished throttle window. */
  static final Duration WINDOW_LOOK = Duration.ofMillis(500);

  /** How long the stop waits for the writer to store what is queued. */
  static final Duration STOP_WAIT = Duration.ofSeconds(5);

  private final List<Consumer<BootEvent>> listeners = new CopyOnWriteArrayList<>();
  private final AtomicLong listenerFailures = new AtomicLong();
  private final AtomicInteger liveViews = new AtomicInteger();
  private final DroppedEvents dropped =
      new DroppedEvents(System::nanoTime, Duration.ofSeconds(1), LOG::warn);
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong transactions = new AtomicLong();
  private final MenuChoices menus;
  private final WarmUpWindow warmUp;
  private final NodeName node;
  private final FailureThrottle throttle;
  private final BootEventInserts inserts;
  private final SpillFile<BootEvent> overflow;
  private final BatchWriter<BootEvent> writer;

  @Inject
  public BootEventRecorder(
      MenuChoices menus,
      WarmUpWindow warmUp,
      NodeName node,
      BootEventsConfig config,
      BootkeeperConfig appliance,
      DataSource db) {
    this(
        menus,
        warmUp,
        node,
        config,
        db,
        QUEUE_CAPACITY,
        new SpillFile<>(
            Path.of(appliance.dataDir(), OVERFLOW_FILE),
            config.overflowMax().asLongValue(),
            new BootEventCodec()));
    // What a killed process left there was the tail of its queue, gone with it.
    overflow.removeStale();
  }

  /**
   * With room for {@code capacity} events waiting for the writer and {@code overflow} beyond them
   * (a test fills both).
   */
  BootEventRecorder(
      MenuChoices menus,
      WarmUpWindow warmUp,
      NodeName node,
      BootEventsConfig config,
      DataSource db,
      int capacity,
      SpillFile<BootEvent> overflow) {
    this.menus = menus;
    this.overflow = overflow;
    this.warmUp = warmUp;
    this.inserts = new BootEventInserts(db);
    this.node = node;
    this.throttle = new FailureThrottle(config.failureLimits(), System::nanoTime);
    this.writer =
        new BatchWriter<>("boot-event-writer", capacity, BATCH, this::store)
            .lingering(LINGER)
            .spillingTo(overflow)
            .betweenBatches(WINDOW_LOOK, this::endThrottleWindow);
  }

  void start(@Observes StartupEvent ev) {
    writer.start();
  }

  void stop(@Observes ShutdownEvent ev) {
    // The database closes after this returns: a writer still going then fails or hangs in it.
    // What it has not taken yet goes to the log, so no event it accepted is lost.
    List<BootEvent> left = writer.stop(STOP_WAIT);
    overflow.close();
    if (!left.isEmpty()) {
      left.forEach(BootEventRecorder::log);
      LOG.warnf("stopping: %d boot events not stored (they are in the log above)", left.size());
    }
  }

  @Override
  public void publish(BootEvent published) {
    if (warmUp.hides(published)) {
      return;
    }
    // A fetch by a machine at a boot menu is filed under the entry it boots.
    BootEvent event = menus.attribute(published).servedBy(node.get());
    // A flood of anonymous failures is counted, not logged, stored or streamed one by one.
    if (!throttle.keep(event)) {
      return;
    }
    deliver(event);
  }

  /**
   * A step another appliance on the same database served and stored ({@link FleetEvents}): live
   * listeners see it as they see this node's own; it is neither stored again nor logged here.
   */
  public void relay(BootEvent servedElsewhere) {
    tellListeners(servedElsewhere);
  }

  private void deliver(BootEvent event) {
    tellListeners(event);
    if (writer.offer(event)) {
      accepted.incrementAndGet();
      return;
    }
    dropped.dropped();
  }

  private void tellListeners(BootEvent event) {
    for (Consumer<BootEvent> l : listeners) {
      try {
        l.accept(event);
      } catch (RuntimeException e) {
        // A failing listener is a bug that hides events from a live view: say so, but not once
        // per event in a boot storm.
        if (listenerFailures.incrementAndGet() % 1000 == 1) {
          LOG.errorf(
              e, "a live boot event listener failed (%d times so far)", listenerFailures.get());
        }
      }
    }
  }

  /**
   * Whether a live view is listening: the relay of the other nodes' steps runs only then. Other
   * listeners (the metrics) do not count: they listen from start to stop.
   */
  public boolean hasLiveViews() {
    return liveViews.get() > 0;
  }

  /** A listener for as long as the appliance runs (the step counters of the metrics). */
  public void addListener(Consumer<BootEvent> listener) {
    listeners.add(listener);
  }

  public void removeListener(Consumer<BootEvent> listener) {
    listeners.remove(listener);
  }

  /** A live view (a page's event stream); {@link #removeLiveView} when it closes. */
  public void addLiveView(Consumer<BootEvent> view) {
    listeners.add(view);
    liveViews.incrementAndGet();
  }

  public void removeLiveView(Consumer<BootEvent> view) {
    if (listeners.remove(view)) {
      liveViews.decrementAndGet();
    }
  }

  /** Events neither stored nor logged: no room in the queue and the overflow file. */
  public long dropped() {
    return dropped.count() + overflow.lost();
  }

  /** Events waiting in the overflow file for the writer to catch up. */
  public long overflowing() {
    return overflow.size();
  }

  /** Failures counted but not logged or stored, by protocol and reason (see FailureThrottle). */
  public long suppressed(BootEvent.Protocol protocol, FailureReason reason) {
    return throttle.suppressed(protocol, reason);
  }

  /** Transactions the writer has run so far (each stores one batch). */
  public long transactions() {
    return transactions.get();
  }

  /**
   * Waits (bounded) until every event accepted so far is in the store (or was lost with an overflow
   * file that could not be written, which {@link #dropped} counts).
   */
  public boolean awaitStored(Duration max) {
    long target = accepted.get();
    long deadline = System.nanoTime() + max.toNanos();
    while (settled() < target && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return settled() >= target;
  }

  private long settled() {
    return written.get() + overflow.lost();
  }

  /**
   * Runs the writer's insert of {@code events} and rolls it back (see {@link
   * BootEventInserts#rehearse}); nothing is stored, logged or shown.
   */
  void rehearse(List<BootEvent> events) throws SQLException {
    inserts.rehearse(events);
  }

  /** The summaries of a finished throttle window join the queue. */
  private void endThrottleWindow() {
    throttle.endWindow().forEach(e -> deliver(e.servedBy(node.get())));
  }

  private void store(List<BootEvent> batch) {
    if (batch.isEmpty()) {
      return;
    }
    batch.forEach(BootEventRecorder::log);
    transactions.incrementAndGet();
    try {
      inserts.insert(batch);
    } catch (SQLException | RuntimeException e) {
      LOG.errorf("could not store %d boot events: %s", batch.size(), e.getMessage());
    }
    written.addAndGet(batch.size());
  }

  /** The stored event keeps the raw detail (pages escape it); the log line gets it escaped. */
  private static void log(BootEvent e) {
    if (e.mac() != null) {
      MDC.put("mac", LogText.of(e.mac()));
    }
    try {
      if (!LOG.isInfoEnabled()) {
        return;
      }
      // Built by hand: a storm logs thousands of these a second, and a format string is parsed
      // again for each (a twentieth of the writer's CPU at 2,000 DHCP exchanges a second).
      StringBuilder line = new StringBuilder(96);
      line.append(e.protocol())
          .append(' ')
          .append(e.step().label())
          .append(' ')
          .append(e.outcome());
      if (e.reason() != null) {
        line.append(' ').append(e.reason());
      }
      line.append(" mac=").append(e.mac() == null ? "-" : LogText.of(e.mac()));
      line.append(" ip=").append(e.ip() == null ? "-" : LogText.of(e.ip()));
      line.append(' ').append(e.detail() == null ? "" : LogText.of(e.detail()));
      LOG.info(line);
    } finally {
      MDC.remove("mac");
    }
  }
}
