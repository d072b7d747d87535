package dev.bootkeeper.boot;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecentMissesTest {

  final AtomicLong now = new AtomicLong(1_000);
  final RecentMisses misses = new RecentMisses(Duration.ofNanos(100), now::get);
  final MacAddress mac = MacAddress.of("52:54:00:00:00:01");

  @Test
  void aMissIsRememberedForItsTimeThenForgotten() {
    assertFalse(misses.missedRecently(mac));
    misses.missed(mac);
    now.addAndGet(99);
    assertTrue(misses.missedRecently(mac));
    assertFalse(misses.missedRecently(MacAddress.of("52:54:00:00:00:02")), "only that MAC");
    now.addAndGet(1);
    assertFalse(misses.missedRecently(mac));
  }

  @Test
  void pastItsBoundItForgetsRatherThanGrows() {
    for (int i = 0; i < RecentMisses.MAX_MACS; i++) {
      misses.missed(MacAddress.of(String.format("02:00:00:00:%02x:%02x", i >> 8, i & 0xff)));
    }
    misses.missed(mac);
    assertTrue(
        misses.missedRecently(mac), "nothing had expired: all forgotten, then this one kept");
    assertFalse(misses.missedRecently(MacAddress.of("02:00:00:00:00:00")));

    now.addAndGet(100);
    MacAddress late = MacAddress.of("52:54:00:00:00:03");
    misses.missed(late);
    assertTrue(misses.missedRecently(late));
    assertFalse(misses.missedRecently(mac), "expired");
  }
}
