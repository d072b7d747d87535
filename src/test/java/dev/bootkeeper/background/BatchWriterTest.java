package dev.bootkeeper.background;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.CapturedLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch writer: items queued from any thread reach the write function in batches no larger than
 * asked, a failing batch does not stop the next, and a stop writes what is queued or hands it back.
 * Every wait here is bounded.
 */
class BatchWriterTest {

  static final Duration PROMPTLY = Duration.ofSeconds(5);

  /** The batches written, as copies (the writer reuses its list). */
  final List<List<Integer>> written = new CopyOnWriteArrayList<>();

  final Consumer<List<Integer>> record = b -> written.add(List.copyOf(b));

  BatchWriter<Integer> writer;

  @AfterEach
  void stopped() {
    if (writer != null) {
      assertEquals(List.of(), writer.stop(PROMPTLY), "the writer ended and wrote all");
    }
  }

  @Test
  void itemsWaitForTheStartThenGoOutInBatchesOfTheAskedSize() throws Exception {
    writer = new BatchWriter<>("test-writer-batches", 2_000, 100, record);
    IntStream.range(0, 1_050).forEach(i -> assertTrue(writer.offer(i)));
    Thread.sleep(50);
    assertEquals(0, Threads.named("test-writer-batches").size(), "no thread before start");
    assertEquals(List.of(), written);

    writer.start();
    assertTrue(Threads.one("test-writer-batches").isDaemon());
    awaitWritten(1_050);
    List<Integer> sizes = written.stream().map(List::size).toList();
    List<Integer> expected = new ArrayList<>(Collections.nCopies(10, 100));
    expected.add(50);
    assertEquals(expected, sizes, "full batches of what was queued, then the rest");
    assertEquals(
        IntStream.range(0, 1_050).boxed().toList(),
        written.stream().flatMap(List::stream).toList(),
        "each item once, in order");
  }

  @Test
  void aFullQueueRefusesTheItem() {
    writer = new BatchWriter<>("test-writer-full", 3, 10, record);
    assertTrue(writer.offer(1));
    assertTrue(writer.offer(2));
    assertTrue(writer.offer(3));
    assertFalse(writer.offer(4), "refused, without waiting");
    writer.writeQueued();
    assertEquals(List.of(List.of(1, 2, 3)), written);
  }

  /**
   * A storm longer than the queue holds: what the queue refuses goes to the spill file, later items
   * follow it there, and the writer writes every item once, in the order offered.
   */
  @Test
  void beyondTheQueueItemsSpillToAFileAndAreWrittenInOrder(@TempDir Path dir) throws Exception {
    SpillFile<String> spill =
        new SpillFile<>(dir.resolve("spill"), 64L << 20, SpillFileTest.STRINGS);
    List<List<String>> batches = new CopyOnWriteArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    BatchWriter<String> strings =
        new BatchWriter<String>(
                "test-writer-spill",
                10,
                100,
                b -> {
                  awaitQuietly(go);
                  batches.add(List.copyOf(b));
                })
            .spillingTo(spill);
    strings.start();
    int offered = 20_000;
    for (int i = 0; i < offered; i++) {
      assertTrue(strings.offer("item-" + i), "taken: item-" + i);
    }
    // The writer holds at most one batch and the queue ten: the rest waits in the file.
    assertTrue(spill.size() >= offered - 110, "spilled: " + spill.size());
    go.countDown();
    long deadline = System.nanoTime() + PROMPTLY.toNanos();
    while (batches.stream().mapToInt(List::size).sum() < offered && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(List.of(), strings.stop(PROMPTLY));
    assertEquals(
        IntStream.range(0, offered).mapToObj(i -> "item-" + i).toList(),
        batches.stream().flatMap(List::stream).toList(),
        "each item once, in the order offered");
    assertTrue(batches.stream().allMatch(b -> b.size() <= 100), "no batch beyond its size");
    assertFalse(spill.holding());
  }

  @Test
  void aStopThatCannotFinishHandsBackTheSpilledItemsAfterTheQueuedOnes(@TempDir Path dir)
      throws Exception {
    SpillFile<Integer> spill = new SpillFile<>(dir.resolve("spill"), 1 << 20, INTEGERS);
    HeldWrite held = new HeldWrite();
    writer = new BatchWriter<>("test-writer-spill-stuck", 5, 10, held).spillingTo(spill);
    writer.start();
    writer.offer(0);
    assertTrue(held.entered.await(5, TimeUnit.SECONDS));
    IntStream.rangeClosed(1, 25).forEach(i -> assertTrue(writer.offer(i)));
    assertEquals(20, spill.size(), "5 queued, the rest spilled");

    List<Integer> left = writer.stop(Duration.ofMillis(200));
    assertEquals(IntStream.rangeClosed(1, 25).boxed().toList(), left, "queued, then spilled");
    held.release.countDown();
    writer = null;
  }

  static final SpillFile.Codec<Integer> INTEGERS =
      new SpillFile.Codec<>() {
        @Override
        public void write(Integer item, java.io.DataOutput out) throws java.io.IOException {
          out.writeInt(item);
        }

        @Override
        public Integer read(java.io.DataInput in) throws java.io.IOException {
          return in.readInt();
        }
      };

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      assertTrue(latch.await(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void withoutLingerAnItemAloneIsWrittenAtOnceWithLingerItWaitsForCompany() throws Exception {
    writer = new BatchWriter<>("test-writer-alone", 100, 2, record);
    writer.start();
    writer.offer(1);
    awaitWritten(1);
    assertEquals(List.of(List.of(1)), written);
    writer.stop(PROMPTLY);
    written.clear();

    // A linger far longer than the test: the batch goes out because it is full, not late.
    writer =
        new BatchWriter<>("test-writer-linger", 100, 2, record).lingering(Duration.ofMinutes(1));
    writer.start();
    writer.offer(1);
    Thread.sleep(100);
    assertEquals(List.of(), written, "the first item waits for more");
    writer.offer(2);
    awaitWritten(2);
    assertEquals(List.of(List.of(1, 2)), written);
  }

  @Test
  void aFailingBatchIsLoggedAndTheNextIsWritten() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (CapturedLog log = CapturedLog.of("dev.bootkeeper.background")) {
      writer =
          new BatchWriter<Integer>(
              "test-writer-failing",
              100,
              10,
              b -> {
                if (calls.getAndIncrement() == 0) {
                  throw new IllegalStateException("constraint violated");
                }
                record.accept(b);
              });
      writer.offer(1);
      writer.start();
      long deadline = System.nanoTime() + PROMPTLY.toNanos();
      while (calls.get() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      writer.offer(2);
      awaitWritten(1);
      assertEquals(List.of(List.of(2)), written, "the failed batch is dropped, the next written");
      assertTrue(
          log.messages().stream()
              .anyMatch(
                  m -> m.contains("test-writer-failing: a batch of 1 could not be written (1 ")),
          log.messages().toString());
    }
  }

  @Test
  void stopWritesWhatIsQueuedInBatchesAndEndsTheThread() throws Exception {
    HeldWrite held = new HeldWrite();
    Thread t = startHeld(held, "test-writer-stop", 100, 250);
    held.release.countDown();

    assertEquals(List.of(), writer.stop(PROMPTLY), "nothing left over");
    assertFalse(t.isAlive(), "the writer's thread ended");
    assertEquals(List.of(1, 100, 100, 50), written.stream().map(List::size).toList());
    writer = null;
  }

  @Test
  void aWriterThatCannotFinishInTimeHandsBackTheRestAndWritesNoFurtherBatch() throws Exception {
    HeldWrite held = new HeldWrite();
    Thread t = startHeld(held, "test-writer-stuck", 10, 25);

    List<Integer> left = writer.stop(Duration.ofMillis(200));
    assertEquals(IntStream.range(1, 26).boxed().toList(), left, "the queued items, for the log");
    held.release.countDown();
    t.join(PROMPTLY.toMillis());
    assertFalse(t.isAlive(), "the writer ends once its write returns");
    assertEquals(List.of(List.of(0)), written, "only the batch it held");
    writer = null;
  }

  /**
   * H2 closes its file for every connection when a thread is interrupted inside its file I/O: a
   * stop must wake a writer that waits for items, never one that writes.
   */
  @Test
  void aStopNeverInterruptsAWrite() throws Exception {
    List<Boolean> interrupted = new CopyOnWriteArrayList<>();
    HeldWrite held = new HeldWrite();
    Consumer<List<Integer>> noting =
        b -> {
          held.accept(b);
          interrupted.add(Thread.currentThread().isInterrupted());
        };
    writer = new BatchWriter<>("test-writer-quiet", 1_000, 10, noting);
    writer.start();
    writer.offer(0);
    assertTrue(held.entered.await(5, TimeUnit.SECONDS));
    IntStream.rangeClosed(1, 5).forEach(writer::offer);
    Thread t = Threads.one("test-writer-quiet");
    Thread release =
        new Thread(
            () -> {
              try {
                Thread.sleep(100);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              held.release.countDown();
            });
    release.start();

    assertEquals(List.of(), writer.stop(PROMPTLY), "stopping while a batch is written");
    assertFalse(t.isAlive());
    assertEquals(List.of(List.of(0), List.of(1, 2, 3, 4, 5)), written);
    assertEquals(List.of(false, false), interrupted, "no write ended interrupted");
    assertEquals(0, held.interrupts.get(), "no write saw an interrupt");
    writer = null;

    BatchWriter<Integer> idle = new BatchWriter<>("test-writer-idle-stop", 10, 10, record);
    idle.start();
    long before = System.nanoTime();
    assertEquals(List.of(), idle.stop(PROMPTLY));
    assertTrue(
        System.nanoTime() - before < TimeUnit.MILLISECONDS.toNanos(900),
        "a writer waiting for items is woken at once, not after its one-second wait");
  }

  /** A write that waits for a release, deaf to interrupts as a database write is. */
  final class HeldWrite implements Consumer<List<Integer>> {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger interrupts = new AtomicInteger();

    @Override
    public void accept(List<Integer> batch) {
      entered.countDown();
      long deadline = System.nanoTime() + PROMPTLY.toNanos();
      while (release.getCount() > 0 && System.nanoTime() < deadline) {
        try {
          release.await(10, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          interrupts.incrementAndGet();
          // Goes on waiting, as a write to the database is not cut short by the stop's interrupt.
        }
      }
      record.accept(batch);
    }
  }

  /**
   * Starts a writer whose first batch (item 0) is held in its write, then queues items 1 to {@code
   * more} behind it.
   */
  private Thread startHeld(HeldWrite held, String name, int batchSize, int more)
      throws InterruptedException {
    writer = new BatchWriter<>(name, 1_000, batchSize, held);
    writer.start();
    writer.offer(0);
    assertTrue(held.entered.await(5, TimeUnit.SECONDS));
    IntStream.rangeClosed(1, more).forEach(writer::offer);
    return Threads.one(name);
  }

  @Test
  void theWorkBetweenBatchesRunsAlsoWhileNothingIsQueued() throws Exception {
    CountDownLatch thrice = new CountDownLatch(3);
    writer =
        new BatchWriter<>("test-writer-idle", 10, 10, record)
            .betweenBatches(Duration.ofMillis(20), thrice::countDown);
    writer.start();
    assertTrue(thrice.await(5, TimeUnit.SECONDS));
    assertEquals(List.of(), written);
  }

  private void awaitWritten(int items) throws InterruptedException {
    long deadline = System.nanoTime() + PROMPTLY.toNanos();
    while (count() < items && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(items, count(), "written within " + PROMPTLY);
  }

  private int count() {
    return written.stream().mapToInt(List::size).sum();
  }
}
