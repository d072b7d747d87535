package dev.bootkeeper.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.BootEvent.Outcome;
import dev.bootkeeper.boot.BootEvent.Protocol;
import dev.bootkeeper.boot.BootStep;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BootTimelineTest {

  static BootEvent at(long seconds, Protocol p, BootStep step) {
    return new BootEvent(
        Instant.parse("2026-11-22T10:00:00Z").plusMillis(seconds * 1000),
        "52:54:00:00:00:01",
        null,
        null,
        p,
        step,
        Outcome.INFO,
        null,
        null,
        null);
  }

  @Test
  void aNewDiscoverAfterTheBootStartsANewBoot() {
    List<BootEvent> events =
        List.of(
            at(0, Protocol.DHCP, BootStep.DHCP_DISCOVER),
            at(1, Protocol.DHCP, BootStep.DHCP_DISCOVER),
            at(2, Protocol.DHCP, BootStep.DHCP_OFFER),
            at(3, Protocol.DHCP, BootStep.DHCP_DISCOVER),
            at(4, Protocol.TFTP, BootStep.TRANSFER_STARTED),
            at(60, Protocol.DHCP, BootStep.DHCP_DISCOVER),
            at(61, Protocol.DHCP, BootStep.DHCP_OFFER));
    List<List<BootEvent>> boots = BootTimeline.boots(events);
    assertEquals(2, boots.size());
    assertEquals(5, boots.get(0).size());
    assertEquals(2, boots.get(1).size());
  }

  @Test
  void aLongPauseStartsANewBoot() {
    List<List<BootEvent>> boots =
        BootTimeline.boots(
            List.of(
                at(0, Protocol.TFTP, BootStep.TRANSFER_STARTED),
                at(3600, Protocol.TFTP, BootStep.TRANSFER_DONE)));
    assertEquals(2, boots.size());
  }

  @Test
  void placesStepsByTheirOffset() {
    List<BootTimeline.Step> steps =
        BootTimeline.layout(
            List.of(
                at(0, Protocol.DHCP, BootStep.DHCP_DISCOVER),
                at(5, Protocol.TFTP, BootStep.TRANSFER_STARTED),
                at(20, Protocol.HTTP, BootStep.HTTP_GET)));
    assertEquals("+0 ms", steps.get(0).offset());
    assertEquals(0.0, steps.get(0).left());
    assertEquals("+5.0 s", steps.get(1).offset());
    assertEquals(25.0, steps.get(1).left());
    assertEquals(100.0, steps.get(2).left());
    assertEquals("+2 min 05 s", BootTimeline.offset(125_000));
  }
}
