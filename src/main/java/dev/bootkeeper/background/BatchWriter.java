package dev.bootkeeper.background;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * A bounded queue that any thread fills without waiting ({@link #offer}) and one daemon thread
 * empties in batches of at most {@code batchSize}, handing each batch to one write function: a boot
 * storm then costs one transaction per batch, not one per packet, and nothing waits for the
 * database on a protocol's request path.
 *
 * <p>The writer waits for the first item of a batch, takes what else is queued up to the batch
 * size, and, when {@link #lingering} is set, waits that long for more. A batch whose write throws
 * is logged and dropped; the next batch is written as usual. At {@link #stop} what is queued is
 * still written, in batches, within the wait given; what the writer could not reach by then is
 * handed back to the caller (the database closes after the stop returns).
 *
 * <p>With a {@link #spillingTo spill file}, an item the full queue refuses goes to the file, and
 * every later item follows it there until the writer has taken the file's items back: a storm that
 * outruns the writer for longer than the queue holds costs disk, not items, and the writer still
 * sees every item in the order it was offered.
 */
public final class BatchWriter<T> {

  private static final Logger LOG = Logger.getLogger(BatchWriter.class);

  private final String name;
  private final int batchSize;
  private final BlockingQueue<T> queue;
  private final Consumer<List<T>> write;
  private final DaemonLoop loop;
  private final List<T> batch;
  private final AtomicLong failures = new AtomicLong();
  private volatile Duration linger = Duration.ZERO;
  private volatile Duration idleWait = Duration.ofSeconds(1);
  private volatile Runnable between = () -> {};
  private volatile SpillFile<T> spill;

  /** Set when the writer did not end within the stop's wait: it starts no further batch. */
  private volatile boolean abandoned;

  /** Guards {@link #polling}: a stop interrupts the writer only while it waits on the queue. */
  private final Object pollLock = new Object();

  private Thread polling;

  /**
   * @param name the writer thread's name
   * @param capacity how many items the queue holds; {@link #offer} refuses more
   * @param batchSize the most items one call of {@code write} gets
   * @param write writes one batch; the list is reused after it returns, so it keeps no reference
   */
  public BatchWriter(String name, int capacity, int batchSize, Consumer<List<T>> write) {
    if (batchSize < 1 || capacity < 1) {
      throw new IllegalArgumentException(
          name + ": capacity and batch size must be positive: " + capacity + ", " + batchSize);
    }
    this.name = name;
    this.batchSize = batchSize;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.write = write;
    this.batch = new ArrayList<>(batchSize);
    this.loop =
        new DaemonLoop(name, this::turn)
            .wakingWith(this::interruptIfPolling)
            .endingWith(this::writeQueued);
  }

  /**
   * After the first item of a batch, waits up to {@code linger} for more before writing. A steady
   * trickle then shares a transaction instead of taking one per item. Set before {@link #start}.
   */
  public BatchWriter<T> lingering(Duration linger) {
    this.linger = linger;
    return this;
  }

  /**
   * Runs {@code task} in the writer's thread after each batch, and at least every {@code
   * atLeastEvery} while nothing is queued (pruning old rows, ending a time window). Set before
   * {@link #start}.
   */
  public BatchWriter<T> betweenBatches(Duration atLeastEvery, Runnable task) {
    this.idleWait = atLeastEvery;
    this.between = task;
    return this;
  }

  /**
   * Items the full queue refuses go to {@code spill}, and later ones behind them, until the writer
   * has taken them back. The caller removes the file ({@link SpillFile#close}) after {@link #stop}.
   * Set before {@link #start}.
   */
  public BatchWriter<T> spillingTo(SpillFile<T> spill) {
    this.spill = spill;
    return this;
  }

  /**
   * Queues an item; never waits for the writer. False when the queue is full and there is no room
   * in the spill file either: the item is not taken.
   */
  public boolean offer(T item) {
    SpillFile<T> overflow = spill;
    if (overflow == null) {
      return queue.offer(item);
    }
    // While the file holds items, a new one queued would be written before older ones.
    if (!overflow.holding() && queue.offer(item)) {
      return true;
    }
    return overflow.append(item);
  }

  /** Starts the writer thread; later calls do nothing. Until then items only queue up. */
  public void start() {
    loop.start();
  }

  /**
   * Stops the writer, which first writes what is queued, and waits at most {@code wait} for it.
   *
   * @return the items the writer did not reach within the wait (it starts no further batch); empty
   *     when it ended in time or never started
   */
  public List<T> stop(Duration wait) {
    if (loop.stop(wait)) {
      return List.of();
    }
    abandoned = true;
    List<T> left = new ArrayList<>();
    queue.drainTo(left);
    SpillFile<T> overflow = spill;
    if (overflow != null) {
      overflow.takeInto(left, Integer.MAX_VALUE);
    }
    return left;
  }

  /**
   * Writes what is queued now, in batches, in the caller's thread: the writer's own last work at
   * stop, and tests that run no writer thread.
   */
  public void writeQueued() {
    List<T> rest = new ArrayList<>(batchSize);
    while (!abandoned && takeQueuedOrSpilled(rest) > 0) {
      writeBatch(rest);
    }
  }

  /** The queue's items first: while the spill file holds items, the queue holds older ones. */
  private int takeQueuedOrSpilled(List<T> into) {
    int taken = queue.drainTo(into, batchSize);
    SpillFile<T> overflow = spill;
    if (taken == 0 && overflow != null && overflow.holding()) {
      taken = overflow.takeInto(into, batchSize);
    }
    return taken;
  }

  private void turn() throws InterruptedException {
    try {
      if (takeQueuedOrSpilled(batch) == 0) {
        T first = poll(idleWait.toNanos());
        if (first != null) {
          batch.add(first);
          fill();
        }
      } else if (batch.size() < batchSize) {
        fill();
      }
    } finally {
      // Interrupted by stop or not: what was taken from the queue is written, not dropped.
      writeBatch(batch);
    }
    between.run();
  }

  /** Adds what is queued, and what arrives within the linger, up to a full batch. */
  private void fill() throws InterruptedException {
    queue.drainTo(batch, batchSize - batch.size());
    long deadline = System.nanoTime() + linger.toNanos();
    while (batch.size() < batchSize && loop.running()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      T next = poll(left);
      if (next == null) {
        return;
      }
      batch.add(next);
      queue.drainTo(batch, batchSize - batch.size());
    }
  }

  /**
   * Waits for the next item; a stop interrupts only this wait. An interrupt during a write would
   * close H2's file store for every connection (an interrupted FileChannel closes; h2database issue
   * 227), and the database with it, in the middle of a stop that is still writing.
   */
  private T poll(long nanos) throws InterruptedException {
    synchronized (pollLock) {
      if (!loop.running()) {
        return null;
      }
      polling = Thread.currentThread();
    }
    try {
      return queue.poll(nanos, TimeUnit.NANOSECONDS);
    } finally {
      synchronized (pollLock) {
        polling = null;
      }
      // A stop that came after the item did: the loop ends on its flag, the write runs in peace.
      Thread.interrupted();
    }
  }

  private void interruptIfPolling() {
    synchronized (pollLock) {
      if (polling != null) {
        polling.interrupt();
      }
    }
  }

  private void writeBatch(List<T> items) {
    if (items.isEmpty()) {
      return;
    }
    try {
      write.accept(items);
    } catch (RuntimeException e) {
      if (failures.incrementAndGet() % 1000 == 1) {
        LOG.errorf(
            e,
            "%s: a batch of %d could not be written (%d failed batches so far)",
            name,
            items.size(),
            failures.get());
      }
    } finally {
      items.clear();
    }
  }
}
