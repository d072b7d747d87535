package dev.bootkeeper.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.BootStep;
import dev.bootkeeper.boot.FailureReason;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepCountersTest {

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final StepCounters counters = new StepCounters(registry);

  double count(String protocol, String step, String outcome, String reason) {
    return registry
        .get("bootkeeper.boot.steps")
        .tags("protocol", protocol, "step", step, "outcome", outcome, "reason", reason)
        .counter()
        .count();
  }

  @Test
  void eachCombinationOfProtocolStepOutcomeAndReasonHasItsOwnCount() {
    for (int i = 0; i < 3; i++) {
      counters.count(
          BootEvent.now(
              "02:00:00:00:00:01",
              null,
              BootEvent.Protocol.DHCP,
              BootStep.DHCP_OFFER,
              BootEvent.Outcome.OK,
              null));
    }
    counters.count(
        BootEvent.now(
            "02:00:00:00:00:01",
            null,
            BootEvent.Protocol.DHCP,
            BootStep.DHCP_ACK,
            BootEvent.Outcome.OK,
            null));
    BootStep last = BootStep.values()[BootStep.values().length - 1];
    for (FailureReason reason : List.of(FailureReason.NOT_FOUND, FailureReason.ACCESS_DENIED)) {
      counters.count(
          BootEvent.failedNow(null, "198.18.0.9", BootEvent.Protocol.TFTP, last, reason, "x"));
    }
    assertEquals(3, count("DHCP", "DHCP_OFFER", "OK", "none"));
    assertEquals(1, count("DHCP", "DHCP_ACK", "OK", "none"));
    assertEquals(1, count("TFTP", last.name(), "FAILED", "NOT_FOUND"));
    assertEquals(1, count("TFTP", last.name(), "FAILED", "ACCESS_DENIED"));
    assertEquals(4, registry.get("bootkeeper.boot.steps").counters().size());
  }
}
