package dev.bootkeeper.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.BootEvent.Outcome;
import dev.bootkeeper.boot.BootEvent.Protocol;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BootTimelineTest {

  static BootEvent at(long seconds, Protocol p, String step) {
    return new BootEvent(
        Instant.parse("2026-11-22T10:00:00Z").plusMillis(seconds * 1000),
        "52:54:00:00:00:01",
        null,
        null,
        p,
        step,
        null,
        Outcome.INFO);
  }

  @Test
  void aNewDiscoverAfterTheBootStartsANewBoot() {
    List<BootEvent> events =
        List.of(
            at(0, Protocol.DHCP, "discover"),
            at(1, Protocol.DHCP, "discover"),
            at(2, Protocol.DHCP, "offer"),
            at(3, Protocol.DHCP, "discover"),
            at(4, Protocol.TFTP, "transfer-started"),
            at(60, Protocol.DHCP, "discover"),
            at(61, Protocol.DHCP, "offer"));
    List<List<BootEvent>> boots = BootTimeline.boots(events);
    assertEquals(2, boots.size());
    assertEquals(5, boots.get(0).size());
    assertEquals(2, boots.get(1).size());
  }

  @Test
  void aLongPauseStartsANewBoot() {
    List<List<BootEvent>> boots =
        BootTimeline.boots(List.of(at(0, Protocol.TFTP, "a"), at(3600, Protocol.TFTP, "b")));
    assertEquals(2, boots.size());
  }

  @Test
  void placesStepsByTheirOffset() {
    List<BootTimeline.Step> steps =
        BootTimeline.layout(
            List.of(
                at(0, Protocol.DHCP, "discover"),
                at(5, Protocol.TFTP, "x"),
                at(20, Protocol.HTTP, "y")));
    assertEquals("+0 ms", steps.get(0).offset());
    assertEquals(0.0, steps.get(0).left());
    assertEquals("+5.0 s", steps.get(1).offset());
    assertEquals(25.0, steps.get(1).left());
    assertEquals(100.0, steps.get(2).left());
    assertEquals("+2 min 05 s", BootTimeline.offset(125_000));
  }
}
