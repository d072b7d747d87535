package dev.bootkeeper.ops;

import java.time.Duration;

/**
 * When {@link IdleHeapTrim} trims: after {@link #QUIET_TICKS} ticks in a row in which the process
 * used less than {@link #QUIET_SHARE} of one core, and only when the heap has grown by at least
 * {@link #GROWTH} since the last trim (or since start), so an idle appliance is trimmed once, not
 * every few seconds.
 */
final class IdleTrimPolicy {

  static final Duration TICK = Duration.ofSeconds(1);

  static final int QUIET_TICKS = 3;

  /** CPU share of one core below which a tick counts as quiet (background beats stay below). */
  static final double QUIET_SHARE = 0.10;

  static final long GROWTH = 32L << 20;

  private int quiet;
  private long committedAfterTrim;

  /**
   * @param cpuNanos process CPU time used during the last tick
   * @param committed heap committed now, bytes
   */
  boolean shouldTrim(long cpuNanos, long committed) {
    quiet = cpuNanos < TICK.toNanos() * QUIET_SHARE ? quiet + 1 : 0;
    return quiet >= QUIET_TICKS && committed >= committedAfterTrim + GROWTH;
  }

  /** A trim ran and left {@code committed} bytes of heap. */
  void trimmed(long committed) {
    committedAfterTrim = committed;
    quiet = 0;
  }
}
