package dev.bootkeeper.background;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.CapturedLog;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A daemon loop: one named daemon thread, started on demand, that survives a failing turn and a
 * stray interrupt, and ends promptly when stopped. Every wait here is bounded.
 */
class DaemonLoopTest {

  static final Duration PROMPTLY = Duration.ofSeconds(5);

  DaemonLoop loop;

  @AfterEach
  void noThreadLeft() {
    if (loop != null) {
      assertTrue(loop.stop(PROMPTLY), "the loop's thread ended");
    }
  }

  @Test
  void noThreadBeforeStartAndOneDaemonThreadHoweverOftenItIsStarted() throws Exception {
    AtomicInteger turns = new AtomicInteger();
    loop = new DaemonLoop("test-loop-lazy", () -> sleepAfter(turns));
    Thread.sleep(50);
    assertEquals(0, Threads.named("test-loop-lazy").size(), "nothing runs before start");
    assertEquals(0, turns.get());

    loop.start();
    loop.start();
    Thread t = Threads.one("test-loop-lazy");
    assertTrue(t.isDaemon(), "a daemon thread does not keep the JVM alive");
    assertTrue(loop.running());
  }

  @Test
  void aFailingTurnIsLoggedAndTheLoopGoesOnAfterAPause() throws Exception {
    AtomicInteger turns = new AtomicInteger();
    CountDownLatch third = new CountDownLatch(3);
    long[] at = new long[3];
    try (CapturedLog log = CapturedLog.of("dev.bootkeeper.background")) {
      loop =
          new DaemonLoop(
              "test-loop-failing",
              () -> {
                int n = turns.getAndIncrement();
                if (n < 3) {
                  at[n] = System.nanoTime();
                  third.countDown();
                }
                throw new IllegalStateException("the database is gone");
              });
      loop.start();
      assertTrue(third.await(10, TimeUnit.SECONDS), "the loop went on after the failure");
      assertTrue(
          at[1] - at[0] >= DaemonLoop.AFTER_FAILURE.toNanos() * 9 / 10,
          "a pause after a failed turn, not a spinning core");
      assertEquals(
          1,
          log.messages().stream()
              .filter(m -> m.contains("test-loop-failing: a turn failed (1 so far)"))
              .count(),
          "the first failure is logged with the loop's name, the next ones are counted: "
              + log.messages());
    }
  }

  @Test
  void stopInterruptsTheTurnEndsTheThreadAndRunsTheLastWorkWithoutTheInterrupt() throws Exception {
    Semaphore turns = new Semaphore(0);
    AtomicBoolean lastWorkInterrupted = new AtomicBoolean(true);
    AtomicInteger lastWorkRuns = new AtomicInteger();
    loop =
        new DaemonLoop("test-loop-stop", signalThenSleepAnHour(turns))
            .endingWith(
                () -> {
                  lastWorkRuns.incrementAndGet();
                  lastWorkInterrupted.set(Thread.currentThread().isInterrupted());
                });
    loop.start();
    assertTrue(turns.tryAcquire(5, TimeUnit.SECONDS));
    Thread t = Threads.one("test-loop-stop");

    long start = System.nanoTime();
    assertTrue(loop.stop(PROMPTLY), "ended within the wait");
    assertTrue(System.nanoTime() - start < PROMPTLY.toNanos(), "not after the hour's sleep");
    assertFalse(t.isAlive());
    assertFalse(loop.running());
    assertEquals(1, lastWorkRuns.get(), "the last work runs once");
    assertFalse(lastWorkInterrupted.get(), "the last work runs without the stop's interrupt");
  }

  @Test
  void aStrayInterruptEndsTheTurnNotTheLoop() throws Exception {
    Semaphore turns = new Semaphore(0);
    loop = new DaemonLoop("test-loop-stray", signalThenSleepAnHour(turns));
    loop.start();
    assertTrue(turns.tryAcquire(5, TimeUnit.SECONDS));
    Threads.one("test-loop-stray").interrupt();
    assertTrue(turns.tryAcquire(5, TimeUnit.SECONDS), "a next turn began");
    assertTrue(loop.running());
  }

  @Test
  void aLoopWokenToStopIsNeverInterrupted() throws Exception {
    Semaphore wake = new Semaphore(0);
    AtomicBoolean interrupted = new AtomicBoolean();
    CountDownLatch waiting = new CountDownLatch(1);
    loop =
        new DaemonLoop(
                "test-loop-woken",
                () -> {
                  waiting.countDown();
                  // Uninterruptible, as a write to H2's file store must be.
                  wake.acquireUninterruptibly();
                  interrupted.set(Thread.currentThread().isInterrupted());
                })
            .wakingWith(wake::release);
    loop.start();
    assertTrue(waiting.await(5, TimeUnit.SECONDS));
    Thread t = Threads.one("test-loop-woken");

    assertTrue(loop.stop(PROMPTLY), "the wake ended the loop");
    assertFalse(t.isAlive());
    assertFalse(interrupted.get(), "stopped by the wake, not by an interrupt");
  }

  @Test
  void everyRunsTheTaskAfterTheFirstPauseThenEachPeriod() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    loop =
        DaemonLoop.every("test-loop-at-once", Duration.ZERO, Duration.ofHours(1), ran::countDown);
    loop.start();
    assertTrue(ran.await(5, TimeUnit.SECONDS), "a zero first pause runs the task at once");
    assertTrue(loop.stop(PROMPTLY));

    AtomicInteger later = new AtomicInteger();
    loop =
        DaemonLoop.every(
            "test-loop-later", Duration.ofHours(1), Duration.ofMillis(1), later::incrementAndGet);
    loop.start();
    Thread.sleep(200);
    assertEquals(0, later.get(), "nothing before the first pause");
    assertTrue(loop.stop(PROMPTLY));

    CountDownLatch thrice = new CountDownLatch(3);
    long start = System.nanoTime();
    loop =
        DaemonLoop.every(
            "test-loop-period", Duration.ZERO, Duration.ofMillis(100), thrice::countDown);
    loop.start();
    assertTrue(thrice.await(5, TimeUnit.SECONDS));
    assertTrue(System.nanoTime() - start >= Duration.ofMillis(200).toNanos(), "two periods");
  }

  @Test
  void aLoopStoppedBeforeItStartedNeverStarts() throws Exception {
    AtomicInteger turns = new AtomicInteger();
    loop = new DaemonLoop("test-loop-never", () -> sleepAfter(turns));
    assertTrue(loop.stop(PROMPTLY), "nothing to wait for");
    loop.start();
    Thread.sleep(50);
    assertEquals(0, Threads.named("test-loop-never").size());
    assertEquals(0, turns.get());
  }

  /** A turn that says it began, then sleeps until interrupted. */
  private static DaemonLoop.Turn signalThenSleepAnHour(Semaphore turns) {
    return () -> {
      turns.release();
      Thread.sleep(Duration.ofHours(1).toMillis());
    };
  }

  private static void sleepAfter(AtomicInteger turns) throws InterruptedException {
    turns.incrementAndGet();
    Thread.sleep(10);
  }
}
