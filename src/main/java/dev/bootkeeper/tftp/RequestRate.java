package dev.bootkeeper.tftp;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A token bucket per client address for the request port: each address may send {@code burst}
 * requests at once and {@code perSecond} on average. Not thread-safe: the request port's event loop
 * owns it.
 *
 * <p>The table is bounded: source addresses of UDP requests can be forged at will, so beyond {@link
 * #MAX_TRACKED} addresses the newcomers share one bucket, which a flood of forged addresses then
 * exhausts for themselves while every address already known keeps its own budget. Buckets that have
 * refilled are forgotten by {@link #forgetIdle()}.
 */
final class RequestRate {

  static final int MAX_TRACKED = 65_536;

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private static final class Bucket {
    double tokens;
    long at;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }
  }

  private final int perSecond;
  private final int burst;
  private final LongSupplier nanoClock;
  private final Map<InetAddress, Bucket> buckets = new HashMap<>();
  private final Bucket overflow;

  RequestRate(int perSecond, int burst, LongSupplier nanoClock) {
    if (perSecond < 1 || burst < 1) {
      throw new IllegalArgumentException(
          "bootkeeper.tftp: requests-per-second-per-client and request-burst-per-client must be"
              + " at least 1");
    }
    this.perSecond = perSecond;
    this.burst = burst;
    this.nanoClock = nanoClock;
    this.overflow = new Bucket(burst, nanoClock.getAsLong());
  }

  /** Takes one request from the address's budget; false when it has none left. */
  boolean allow(InetAddress from) {
    long now = nanoClock.getAsLong();
    Bucket b = buckets.get(from);
    if (b == null) {
      if (buckets.size() >= MAX_TRACKED) {
        b = overflow;
      } else {
        b = new Bucket(burst, now);
        buckets.put(from, b);
      }
    }
    refill(b, now);
    if (b.tokens < 1) {
      return false;
    }
    b.tokens -= 1;
    return true;
  }

  /** Forgets the addresses whose bucket is full again: they are as if never seen. */
  void forgetIdle() {
    long now = nanoClock.getAsLong();
    Iterator<Bucket> it = buckets.values().iterator();
    while (it.hasNext()) {
      Bucket b = it.next();
      refill(b, now);
      if (b.tokens >= burst) {
        it.remove();
      }
    }
  }

  int tracked() {
    return buckets.size();
  }

  private void refill(Bucket b, long now) {
    double earned = (now - b.at) * (double) perSecond / NANOS_PER_SECOND;
    b.tokens = Math.min(burst, b.tokens + earned);
    b.at = now;
  }
}
