package dev.bootkeeper.httpboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.BootStep;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RepeatedAnswersTest {

  static final String FILE = "/images/debian/vmlinuz";

  static RepeatedAnswers.Kind kind(String ip, int status, String range) {
    return new RepeatedAnswers.Kind(
        ip, "52:54:00:00:00:01", BootStep.HTTP_GET, FILE, status, range);
  }

  @Test
  void theFirstAnswerOfAKindIsPublishedByItsCallerAndTheRepeatsInOneSummary() {
    List<BootEvent> published = new CopyOnWriteArrayList<>();
    RepeatedAnswers repeats = new RepeatedAnswers(published::add);
    RepeatedAnswers.Kind whole = kind("198.18.0.10", 200, null);

    assertFalse(repeats.counted(whole, FILE, 1468, 1), "the first is the caller's to publish");
    assertTrue(repeats.counted(whole, FILE, 1468, 3));
    assertTrue(repeats.counted(whole, FILE, 1468, 2));
    assertTrue(published.isEmpty(), "repeats wait for the end of the window");

    repeats.endWindow();
    assertEquals(1, published.size());
    BootEvent summary = published.get(0);
    assertEquals("198.18.0.10", summary.ip());
    assertEquals("52:54:00:00:00:01", summary.mac());
    assertEquals(BootEvent.Protocol.HTTP, summary.protocol());
    assertEquals(BootStep.HTTP_GET, summary.step());
    assertEquals(BootEvent.Outcome.OK, summary.outcome());
    assertEquals(FILE, summary.facts().file());
    assertEquals(2 * 1468L, summary.facts().bytes());
    assertEquals(3L, summary.facts().durationMs(), "the slowest repeat");
    assertEquals(
        "GET " + FILE + " -> 200, 2 more times in the last 1 s, 2936 bytes in all (slowest 3 ms)",
        summary.detail());

    assertFalse(repeats.counted(whole, FILE, 1468, 1), "a new window starts with a new first");
    repeats.endWindow();
    assertEquals(1, published.size(), "a kind that was not repeated needs no summary");
  }

  @Test
  void anotherClientStatusOrRangeIsAnAnswerOfItsOwn() {
    List<BootEvent> published = new CopyOnWriteArrayList<>();
    RepeatedAnswers repeats = new RepeatedAnswers(published::add);
    assertFalse(repeats.counted(kind("198.18.0.10", 200, null), FILE, 10, 0));
    assertFalse(repeats.counted(kind("198.18.0.11", 200, null), FILE, 10, 0));
    assertFalse(repeats.counted(kind("198.18.0.10", 304, null), FILE, 0, 0));
    assertFalse(repeats.counted(kind("198.18.0.10", 206, "bytes 0-9/100"), FILE, 10, 0));
    assertFalse(repeats.counted(kind("198.18.0.10", 206, "bytes 10-19/100"), FILE, 10, 0));
    assertTrue(repeats.counted(kind("198.18.0.10", 206, "bytes 10-19/100"), FILE, 10, 0));
    repeats.endWindow();
    assertEquals(1, published.size());
    assertTrue(published.get(0).detail().contains("-> 206 (bytes 10-19/100), 1 more times"));
  }

  @Test
  void whenTheTableOfKindsIsFullEveryAnswerIsPublishedOnItsOwn() {
    RepeatedAnswers repeats = new RepeatedAnswers(e -> {});
    for (int i = 0; i < RepeatedAnswers.MAX_KINDS; i++) {
      assertFalse(
          repeats.counted(kind("198.18." + (i / 250) + "." + (i % 250), 200, null), FILE, 1, 0));
    }
    RepeatedAnswers.Kind late = kind("198.19.0.1", 200, null);
    assertFalse(repeats.counted(late, FILE, 1, 0));
    assertFalse(repeats.counted(late, FILE, 1, 0), "not counted: its own event, every time");
  }

  /**
   * Four threads answer as fast as they can while windows end under them: every answer is either
   * published by its caller or counted in exactly one summary.
   */
  @Test
  void noAnswerIsLostWhileWindowsEndUnderConcurrentCounting() throws Exception {
    AtomicLong inSummaries = new AtomicLong();
    RepeatedAnswers repeats =
        new RepeatedAnswers(
            e -> {
              String d = e.detail();
              int at = d.indexOf(", ") + 2;
              inSummaries.addAndGet(Long.parseLong(d.substring(at, d.indexOf(' ', at))));
            });
    RepeatedAnswers.Kind one = kind("198.18.0.10", 200, null);
    int threads = 4;
    int perThread = 200_000;
    AtomicLong publishedByCallers = new AtomicLong();
    AtomicBoolean done = new AtomicBoolean();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
    try {
      Future<?> windows =
          pool.submit(
              () -> {
                start.await();
                while (!done.get()) {
                  repeats.endWindow();
                  Thread.yield();
                }
                return null;
              });
      List<Future<?>> answering = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        answering.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    if (!repeats.counted(one, FILE, 1, 0)) {
                      publishedByCallers.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : answering) {
        f.get(60, TimeUnit.SECONDS);
      }
      done.set(true);
      windows.get(10, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    repeats.endWindow();
    assertEquals((long) threads * perThread, publishedByCallers.get() + inSummaries.get());
    assertTrue(publishedByCallers.get() > 1, "windows did end during the run");
  }
}
