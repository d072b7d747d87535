package dev.bootkeeper.background;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * One named daemon thread that runs a turn again and again, from {@link #start} until {@link
 * #stop}. The name is the one thread dumps and profiles show, so each loop keeps its own.
 *
 * <p>Nothing runs before {@code start}: an instance made for a test or a node that shares nothing
 * costs no thread. A turn that throws is logged and the loop goes on after {@link #AFTER_FAILURE},
 * so one bad row or a lost database cannot end a writer for good, nor spin a core while it fails.
 * An interrupt ends the loop only once {@code stop} asked for it; a stray one (a library that
 * interrupts its caller) ends the turn, not the loop.
 */
public final class DaemonLoop {

  private static final Logger LOG = Logger.getLogger(DaemonLoop.class);

  /** The pause after a turn that threw, before the next. */
  public static final Duration AFTER_FAILURE = Duration.ofSeconds(1);

  /** One turn: it waits for its work (a queue, a timer, a socket) and does it. */
  @FunctionalInterface
  public interface Turn {
    void run() throws InterruptedException;
  }

  private final String name;
  private final Turn turn;
  private final AtomicLong failures = new AtomicLong();
  private volatile Runnable wake;
  private volatile Runnable atEnd = () -> {};
  private volatile boolean running;
  private volatile boolean stopped;
  private volatile Thread thread;

  public DaemonLoop(String name, Turn turn) {
    this.name = name;
    this.turn = turn;
  }

  /**
   * A loop that turns {@code task} every {@code period}, the first time after {@code firstAfter}
   * (zero: at once). The pause is measured from the end of one task to the start of the next.
   */
  public static DaemonLoop every(String name, Duration firstAfter, Duration period, Runnable task) {
    AtomicBoolean first = new AtomicBoolean(true);
    return new DaemonLoop(
        name,
        () -> {
          Thread.sleep((first.getAndSet(false) ? firstAfter : period).toMillis());
          task.run();
        });
  }

  /**
   * Stops the loop by calling {@code wake} (which must make the turn return soon) instead of
   * interrupting it: for turns that write to H2's file store, which an interrupt during its file
   * I/O closes for every connection (a FileChannel is closed by an interrupt; h2database issue
   * 227). Set before {@link #start}.
   */
  public DaemonLoop wakingWith(Runnable wake) {
    this.wake = wake;
    return this;
  }

  /**
   * Runs {@code atEnd} in the loop's thread once the loop ends, to finish or close what the turns
   * use (write what is still queued, close a connection). Set before {@link #start}.
   */
  public DaemonLoop endingWith(Runnable atEnd) {
    this.atEnd = atEnd;
    return this;
  }

  /** Starts the thread; later calls, and calls after {@link #stop}, do nothing. */
  public synchronized void start() {
    if (thread != null || stopped) {
      return;
    }
    running = true;
    Thread t = new Thread(this::loop, name);
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  /** True from {@link #start} until {@link #stop} is called. */
  public boolean running() {
    return running;
  }

  /**
   * Asks the loop to end (an interrupt, or the wake given to {@link #wakingWith}) and waits at most
   * {@code wait} for it (zero: does not wait).
   *
   * @return whether the thread has ended (true when it never started)
   */
  public boolean stop(Duration wait) {
    Thread t;
    synchronized (this) {
      stopped = true;
      running = false;
      t = thread;
    }
    if (t == null) {
      return true;
    }
    if (wake == null) {
      t.interrupt();
    } else {
      wake.run();
    }
    if (!wait.isZero()) {
      try {
        t.join(wait.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return !t.isAlive();
  }

  private void loop() {
    try {
      while (running) {
        turnOnce();
      }
    } finally {
      // The interrupt was stop's wake-up call: what the loop does last runs without it, so that
      // its JDBC work is not cut short.
      Thread.interrupted();
      try {
        atEnd.run();
      } catch (RuntimeException e) {
        LOG.errorf(e, "%s: the last work at stop failed", name);
      }
    }
  }

  private void turnOnce() {
    try {
      turn.run();
    } catch (InterruptedException e) {
      // Stopping, or a stray interrupt: the while condition tells which.
    } catch (RuntimeException e) {
      if (failures.incrementAndGet() % 1000 == 1) {
        LOG.errorf(e, "%s: a turn failed (%d so far); going on", name, failures.get());
      }
      pause();
    }
  }

  private void pause() {
    try {
      Thread.sleep(AFTER_FAILURE.toMillis());
    } catch (InterruptedException e) {
      // Stopping: the while condition ends the loop.
    }
  }
}
