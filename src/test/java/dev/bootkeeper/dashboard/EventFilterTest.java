package dev.bootkeeper.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.BootEvent.Outcome;
import dev.bootkeeper.boot.BootEvent.Protocol;
import dev.bootkeeper.boot.BootStep;
import io.quarkus.panache.common.Parameters;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventFilterTest {

  /** The hosts a hostname lookup knows in these tests. */
  static final Map<String, List<String>> NAMES =
      Map.of("node1", List.of("52:54:00:00:00:01"), "node1.lab", List.of("52:54:00:00:00:01"));

  static EventFilter parse(String host, String protocol, String outcome) {
    return EventFilter.parse(host, protocol, outcome, n -> NAMES.getOrDefault(n, List.of()));
  }

  static BootEvent event(String mac, String ip, Protocol p, Outcome o) {
    return BootEvent.now(mac, ip, p, BootStep.TRANSFER_DONE, o, "x");
  }

  @Test
  void aMacInAnySpellingIsAMac() {
    EventFilter f = parse("52-54-00-00-00-01", "", "");
    assertEquals(List.of("52:54:00:00:00:01"), f.macs());
    assertEquals("?mac=52%3A54%3A00%3A00%3A00%3A01", f.streamQuery());
  }

  @Test
  void aHostnameIsTheMacsOfItsHostsNeverABadMac() {
    EventFilter f = parse("Node1", "tftp", "failed");
    assertFalse(f.refused());
    assertEquals(List.of("52:54:00:00:00:01"), f.macs());
    assertTrue(f.live().test(event("52:54:00:00:00:01", null, Protocol.TFTP, Outcome.FAILED)));
    assertFalse(f.live().test(event("52:54:00:00:00:01", null, Protocol.HTTP, Outcome.FAILED)));
    assertFalse(f.live().test(event("52:54:00:00:00:01", null, Protocol.TFTP, Outcome.OK)));
    assertFalse(f.live().test(event("52:54:00:00:00:02", null, Protocol.TFTP, Outcome.FAILED)));

    EventFilter unknown = parse("node9", "", "");
    assertTrue(unknown.refused());
    assertTrue(unknown.problem().startsWith("No host is named 'node9'"), unknown.problem());
  }

  @Test
  void anIpAddressFiltersByAddress() {
    EventFilter f = parse("198.18.0.7", "", "");
    Parameters p = new Parameters();
    assertEquals("ip = :ip", f.where(p));
    assertTrue(f.live().test(event(null, "198.18.0.7", Protocol.HTTP, Outcome.OK)));
    assertFalse(f.live().test(event(null, "198.18.0.8", Protocol.HTTP, Outcome.OK)));
  }

  @Test
  void anUnknownProtocolOrOutcomeIsNamedWithTheChoices() {
    EventFilter f = parse("", "smtp", "maybe");
    assertTrue(f.refused());
    assertTrue(f.problem().contains("The protocol 'smtp' is not one of dhcp, tftp"), f.problem());
    assertTrue(f.problem().contains("The outcome 'maybe' is not one of ok, info, failed"));
    assertThrows(DashboardException.class, () -> EventFilter.ofStream(List.of(), "", "smtp", ""));
    assertThrows(
        DashboardException.class, () -> EventFilter.ofStream(List.of("node1"), "", "", ""));
  }

  @Test
  void noFilterIsEveryEvent() {
    EventFilter f = parse(" ", null, "");
    assertFalse(f.any());
    assertEquals("", f.where(new Parameters()));
    assertEquals("", f.streamQuery());
  }
}
