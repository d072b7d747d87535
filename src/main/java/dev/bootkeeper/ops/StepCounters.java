package dev.bootkeeper.ops;

import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.BootStep;
import dev.bootkeeper.boot.FailureReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Counts boot steps as {@code bootkeeper.boot.steps} by protocol, step, outcome and reason. Every
 * tag is an enum of the typed boot trace, so the number of series stays bounded. The counter of a
 * combination is looked up once and kept in a slot computed from the enums' ordinals: the
 * registry's own lookup builds and sorts the tags on every call, a map keyed by a record hashes and
 * compares four fields, and this runs for every published event, on the protocols' threads, 4 times
 * per DHCP exchange.
 */
final class StepCounters {

  private static final int PROTOCOLS = BootEvent.Protocol.values().length;
  private static final int STEPS = BootStep.values().length;
  private static final int OUTCOMES = BootEvent.Outcome.values().length;

  /** One more than the reasons: the last slot is "no reason". */
  private static final int REASONS = FailureReason.values().length + 1;

  private final MeterRegistry registry;
  private final AtomicReferenceArray<Counter> counters =
      new AtomicReferenceArray<>(PROTOCOLS * STEPS * OUTCOMES * REASONS);

  StepCounters(MeterRegistry registry) {
    this.registry = registry;
  }

  void count(BootEvent e) {
    int reason = e.reason() == null ? REASONS - 1 : e.reason().ordinal();
    int slot =
        ((e.protocol().ordinal() * STEPS + e.step().ordinal()) * OUTCOMES + e.outcome().ordinal())
                * REASONS
            + reason;
    Counter c = counters.get(slot);
    if (c == null) {
      // Registering twice is harmless: the registry hands out the same counter for the same tags.
      c = counter(e);
      counters.set(slot, c);
    }
    c.increment();
  }

  private Counter counter(BootEvent e) {
    return registry.counter(
        "bootkeeper.boot.steps",
        "protocol",
        e.protocol().name(),
        "step",
        e.step().name(),
        "outcome",
        e.outcome().name(),
        "reason",
        e.reason() == null ? "none" : e.reason().name());
  }
}
