package dev.bootkeeper.boot;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Boot events the writer had no room for: its queue and its overflow file are full, because a storm
 * outruns the database on a machine with no CPU to spare. They are counted ({@code
 * bootkeeper_events_dropped_total}) and summed up in one warning at most once per interval, not
 * logged one by one. Each such line was formatted and written by the thread that published the
 * event (a DHCP worker, a protocol's event loop), so an overloaded server spent its last CPU on
 * them: 30 s of 4,000 DHCP exchanges a second on 2 cores filled the queue after about 15 s, and the
 * DHCP workers then wrote some 12,000 log lines a second besides their answers.
 */
final class DroppedEvents {

  private final AtomicLong count = new AtomicLong();
  private final AtomicLong nextWarningNanos;
  private final LongSupplier nanoClock;
  private final long intervalNanos;
  private final Consumer<String> warn;

  /**
   * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime})
   * @param interval at most one warning per interval
   * @param warn writes a warning
   */
  DroppedEvents(LongSupplier nanoClock, Duration interval, Consumer<String> warn) {
    this.nanoClock = nanoClock;
    this.intervalNanos = interval.toNanos();
    this.warn = warn;
    this.nextWarningNanos = new AtomicLong(nanoClock.getAsLong());
  }

  /** Counts one event not stored; warns when the last warning is an interval old. */
  void dropped() {
    long total = count.incrementAndGet();
    long now = nanoClock.getAsLong();
    long next = nextWarningNanos.get();
    if (now - next >= 0 && nextWarningNanos.compareAndSet(next, now + intervalNanos)) {
      warn.accept(
          "boot event queue and overflow file full: "
              + total
              + " events neither stored nor logged so far (the event writer is behind; they are"
              + " counted in bootkeeper_events_dropped_total; bootkeeper.events.overflow-max sets"
              + " the file's size)");
    }
  }

  /** Events not stored since the start. */
  long count() {
    return count.get();
  }
}
