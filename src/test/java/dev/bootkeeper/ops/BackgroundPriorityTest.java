package dev.bootkeeper.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Real threads of this JVM, reniced through util-linux's renice and read back from /proc. */
class BackgroundPriorityTest {

  @Test
  void onlyTheThreadsChosenByNameGetTheNiceValue() throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    Thread sleeper = new Thread(() -> awaitQuietly(done), "bk-nice-test");
    sleeper.start();
    try {
      Map<Long, OptionalInt> before = nices();
      List<BackgroundPriority.Task> lowered =
          BackgroundPriority.lower(name -> name.equals("bk-nice-test"), 7);
      assertEquals(1, lowered.size(), lowered.toString());
      long tid = lowered.get(0).tid();
      assertEquals(OptionalInt.of(7), BackgroundPriority.niceOf(tid));
      Map<Long, OptionalInt> after = nices();
      for (Map.Entry<Long, OptionalInt> e : before.entrySet()) {
        if (e.getKey() != tid && after.containsKey(e.getKey())) {
          assertEquals(e.getValue(), after.get(e.getKey()), "thread " + e.getKey());
        }
      }
    } finally {
      done.countDown();
      sleeper.join(5_000);
    }
  }

  @Test
  void theBackgroundIsTheJitCompilersAndTheBootEventWriterOnly() throws Exception {
    assertTrue(BackgroundPriority.isBackground("C1 CompilerThre"));
    assertTrue(BackgroundPriority.isBackground("C2 CompilerThre"));
    assertTrue(BackgroundPriority.isBackground("boot-event-writ"));
    assertFalse(BackgroundPriority.isBackground("dhcp-lease-writ"));
    assertFalse(BackgroundPriority.isBackground("dhcp-worker-1"));
    assertFalse(BackgroundPriority.isBackground("nbd-loop-4-1"));
    assertFalse(BackgroundPriority.isBackground(""));
    // This JVM's own compiler threads carry the names the appliance looks for.
    assertTrue(
        BackgroundPriority.tasks().stream()
            .anyMatch(t -> BackgroundPriority.isBackground(t.name())),
        BackgroundPriority.tasks().toString());
  }

  @Test
  void zeroLeavesTheBackgroundThreadsAsTheyAre() throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    Thread writer = new Thread(() -> awaitQuietly(done), "boot-event-writer");
    writer.start();
    try {
      List<BackgroundPriority.Task> set =
          BackgroundPriority.lower(name -> name.equals("boot-event-writ"), 3);
      assertEquals(1, set.size(), set.toString());
      new BackgroundPriority(() -> 0).lower();
      assertEquals(OptionalInt.of(3), BackgroundPriority.niceOf(set.get(0).tid()));
      new BackgroundPriority(() -> 12).lower();
      assertEquals(OptionalInt.of(12), BackgroundPriority.niceOf(set.get(0).tid()));
    } finally {
      done.countDown();
      writer.join(5_000);
    }
  }

  @Test
  void aValueOutsideNicesRangeIsRefusedByName() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new BackgroundPriority(() -> 20).lower());
    assertTrue(e.getMessage().contains("bootkeeper.scheduling.background-nice"), e.getMessage());
  }

  private static Map<Long, OptionalInt> nices() throws Exception {
    return BackgroundPriority.tasks().stream()
        .collect(
            Collectors.toMap(
                BackgroundPriority.Task::tid,
                t -> BackgroundPriority.niceOf(t.tid()),
                (a, b) -> a));
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
