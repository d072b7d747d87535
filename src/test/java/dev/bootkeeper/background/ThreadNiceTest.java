package dev.bootkeeper.background;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
class ThreadNiceTest {

  @Test
  void onlyTheThreadsChosenByNameGetTheNiceValue() throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    Thread sleeper = startNamed(() -> awaitQuietly(done), "bk-nice-test");
    try {
      Map<Long, OptionalInt> before = nices();
      List<ThreadNice.Task> set = ThreadNice.set(name -> name.equals("bk-nice-test"), 7);
      assertEquals(1, set.size(), set.toString());
      long tid = set.get(0).tid();
      assertEquals(OptionalInt.of(7), ThreadNice.of(tid));
      Map<Long, OptionalInt> after = nices();
      for (Map.Entry<Long, OptionalInt> e : before.entrySet()) {
        if (e.getKey() != tid && after.containsKey(e.getKey())) {
          assertEquals(e.getValue(), after.get(e.getKey()), "thread " + e.getKey());
        }
      }
      // The value is absolute, not added to the current one.
      ThreadNice.set(name -> name.equals("bk-nice-test"), 3);
      assertEquals(OptionalInt.of(3), ThreadNice.of(tid));
    } finally {
      done.countDown();
      sleeper.join(5_000);
    }
  }

  @Test
  void aThreadStartedByAFavouredThreadIsFavouredToo() throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    CountDownLatch childStarted = new CountDownLatch(1);
    CountDownLatch parentReniced = new CountDownLatch(1);
    Thread parent =
        startNamed(
            () -> {
              awaitQuietly(parentReniced);
              Thread child =
                  new Thread(
                      () -> {
                        childStarted.countDown();
                        awaitQuietly(done);
                      },
                      "bk-nice-child");
              child.start();
              awaitQuietly(done);
            },
            "bk-nice-parent");
    try {
      assertEquals(1, ThreadNice.set(name -> name.equals("bk-nice-parent"), 4).size());
      parentReniced.countDown();
      assertTrue(childStarted.await(10, TimeUnit.SECONDS));
      List<ThreadNice.Task> child =
          ThreadNice.tasks().stream().filter(t -> t.name().equals("bk-nice-child")).toList();
      assertEquals(1, child.size(), child.toString());
      assertEquals(OptionalInt.of(4), ThreadNice.of(child.get(0).tid()));
    } finally {
      done.countDown();
      parent.join(5_000);
    }
  }

  @Test
  void linuxKeepsFifteenBytesOfAName() {
    assertEquals("dhcp-lease-writ", ThreadNice.linuxName("dhcp-lease-writer"));
    assertEquals("dhcp-worker-3", ThreadNice.linuxName("dhcp-worker-3"));
  }

  @Test
  void aValueOutsideLinuxsRangeIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ThreadNice.set(name -> true, 20));
    assertTrue(e.getMessage().contains("between -20 and 19"), e.getMessage());
  }

  private static Map<Long, OptionalInt> nices() throws Exception {
    return ThreadNice.tasks().stream()
        .collect(Collectors.toMap(ThreadNice.Task::tid, t -> ThreadNice.of(t.tid()), (a, b) -> a));
  }

  /** Starts a thread and waits until Linux shows it under its name (set as it starts running). */
  private static Thread startNamed(Runnable body, String name) throws Exception {
    Thread t = new Thread(body, name);
    t.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (ThreadNice.tasks().stream().noneMatch(task -> task.name().equals(name))) {
      assertTrue(System.nanoTime() < deadline, name + " never showed in /proc");
      Thread.sleep(5);
    }
    return t;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
