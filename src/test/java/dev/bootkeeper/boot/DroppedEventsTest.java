package dev.bootkeeper.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Events a full queue refuses: all counted, one warning per interval with the running total. */
class DroppedEventsTest {

  private final AtomicLong now = new AtomicLong(5_000_000_000L);
  private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
  private final DroppedEvents dropped =
      new DroppedEvents(now::get, Duration.ofSeconds(1), warnings::add);

  @Test
  void aBurstOfDropsIsCountedWhole() {
    for (int i = 0; i < 12_000; i++) {
      dropped.dropped();
    }
    assertEquals(12_000, dropped.count());
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains(" 1 events neither stored nor logged"), warnings.get(0));
  }

  @Test
  void theNextWarningComesAnIntervalLaterWithTheRunningTotal() {
    dropped.dropped();
    now.addAndGet(999_000_000L);
    for (int i = 0; i < 500; i++) {
      dropped.dropped();
    }
    assertEquals(1, warnings.size(), "still within the interval: " + warnings);
    now.addAndGet(1_000_000L);
    dropped.dropped();
    assertEquals(2, warnings.size(), warnings.toString());
    assertTrue(warnings.get(1).contains(" 502 events neither stored"), warnings.get(1));
  }

  @Test
  void manyThreadsDroppingAtOnceCountEveryEventAndWarnOnce() throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      Thread thread =
          new Thread(
              () -> {
                for (int i = 0; i < 10_000; i++) {
                  dropped.dropped();
                }
              });
      thread.start();
      threads.add(thread);
    }
    for (Thread t : threads) {
      t.join(10_000);
    }
    assertEquals(80_000, dropped.count());
    assertEquals(1, warnings.size(), warnings.toString());
  }
}
