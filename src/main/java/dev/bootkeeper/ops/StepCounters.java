package dev.bootkeeper.ops;

import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.BootStep;
import dev.bootkeeper.boot.FailureReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts boot steps as {@code bootkeeper.boot.steps} by protocol, step, outcome and reason. Every
 * tag is an enum of the typed boot trace, so the number of series stays bounded. The counter of a
 * combination is looked up once: the registry's own lookup builds and sorts the tags on every call,
 * and this runs for every published event, on the protocols' threads, 4 times per DHCP exchange.
 */
final class StepCounters {

  private record Key(
      BootEvent.Protocol protocol,
      BootStep step,
      BootEvent.Outcome outcome,
      FailureReason reason) {}

  private final MeterRegistry registry;
  private final Map<Key, Counter> counters = new ConcurrentHashMap<>();

  StepCounters(MeterRegistry registry) {
    this.registry = registry;
  }

  void count(BootEvent e) {
    counters
        .computeIfAbsent(new Key(e.protocol(), e.step(), e.outcome(), e.reason()), this::counter)
        .increment();
  }

  private Counter counter(Key k) {
    return registry.counter(
        "bootkeeper.boot.steps",
        "protocol",
        k.protocol().name(),
        "step",
        k.step().name(),
        "outcome",
        k.outcome().name(),
        "reason",
        k.reason() == null ? "none" : k.reason().name());
  }
}
