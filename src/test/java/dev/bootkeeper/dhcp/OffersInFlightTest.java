package dev.bootkeeper.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.boot.Ipv4;
import dev.bootkeeper.boot.MacAddress;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OffersInFlightTest {

  final OffersInFlight offers = new OffersInFlight();
  final Instant now = Instant.parse("2026-01-01T00:00:00Z");
  final MacAddress a = MacAddress.of("02:00:00:00:00:0a");
  final MacAddress b = MacAddress.of("02:00:00:00:00:0b");

  Lease offer(String ip, MacAddress mac, int seconds) {
    return new Lease(Ipv4.require(ip), mac, now.plusSeconds(seconds), Lease.State.OFFERED);
  }

  @Test
  void anAddressHeldForOneClientIsRefusedToAnotherUntilTheHoldEnds() {
    OffersInFlight.Hold first = offers.hold(offer("198.18.0.10", a, 60), now);
    assertNotNull(first);
    assertNull(offers.hold(offer("198.18.0.10", b, 60), now));
    assertTrue(offers.held(Ipv4.require("198.18.0.10"), now));
    offers.end(first);
    assertFalse(offers.held(Ipv4.require("198.18.0.10"), now));
    assertNotNull(offers.hold(offer("198.18.0.10", b, 60), now));
  }

  @Test
  void theSameClientMayBeHeldAgainAndOnlyItsNewestHoldIsEndedByItsOwnEnd() {
    OffersInFlight.Hold first = offers.hold(offer("198.18.0.11", a, 60), now);
    // The client's retransmitted DISCOVER, a second later: its offer holds a second longer.
    OffersInFlight.Hold second = offers.hold(offer("198.18.0.11", a, 61), now.plusSeconds(1));
    assertNotNull(second);
    offers.end(first);
    assertTrue(offers.held(Ipv4.require("198.18.0.11"), now), "the second hold is still there");
    offers.end(second);
    assertEquals(0, offers.size());
  }

  @Test
  void aClientsNewestOfferInFlightIsItsLeaseUntilItsRowIsWritten() {
    assertTrue(offers.offeredTo(a).isEmpty());
    OffersInFlight.Hold first = offers.hold(offer("198.18.0.13", a, 60), now);
    OffersInFlight.Hold second = offers.hold(offer("198.18.0.14", a, 60), now);
    assertEquals(offer("198.18.0.14", a, 60), offers.offeredTo(a).orElseThrow());
    offers.end(first);
    assertEquals(offer("198.18.0.14", a, 60), offers.offeredTo(a).orElseThrow(), "still newest");
    offers.end(second);
    assertTrue(offers.offeredTo(a).isEmpty());
  }

  @Test
  void anExpiredHoldNeitherBlocksNorCounts() {
    offers.hold(offer("198.18.0.12", a, 5), now);
    Instant later = now.plusSeconds(6);
    assertFalse(offers.held(Ipv4.require("198.18.0.12"), later));
    assertNotNull(offers.hold(offer("198.18.0.12", b, 60), later));
  }
}
