package dev.bootkeeper.boot;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * MACs whose lookup found nothing a moment ago, so that the next lookups within {@code remember}
 * are not asked again. Kept for a bounded number of MACs: past {@link #MAX_MACS} the expired ones
 * go, and if that is not enough, all of them (a miss forgotten costs one lookup, nothing more).
 */
final class RecentMisses {

  static final int MAX_MACS = 16_384;

  private final Map<MacAddress, Long> until = new ConcurrentHashMap<>();
  private final long rememberNanos;
  private final LongSupplier nanoTime;

  RecentMisses(Duration remember, LongSupplier nanoTime) {
    this.rememberNanos = remember.toNanos();
    this.nanoTime = nanoTime;
  }

  /** Whether a lookup of this MAC missed less than {@code remember} ago. */
  boolean missedRecently(MacAddress mac) {
    Long expires = until.get(mac);
    if (expires == null) {
      return false;
    }
    if (nanoTime.getAsLong() - expires < 0) {
      return true;
    }
    until.remove(mac, expires);
    return false;
  }

  void missed(MacAddress mac) {
    long now = nanoTime.getAsLong();
    if (until.size() >= MAX_MACS) {
      until.values().removeIf(expires -> now - expires >= 0);
      if (until.size() >= MAX_MACS) {
        until.clear();
      }
    }
    until.put(mac, now + rememberNanos);
  }
}
