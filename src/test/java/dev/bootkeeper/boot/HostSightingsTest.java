package dev.bootkeeper.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.store.Host;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** DHCP sightings are written off the answer path, in batches, and none is lost. */
@QuarkusTest
class HostSightingsTest {

  static final int MACHINES = 1_500;

  @Inject HostSightings sightings;

  @Test
  void aStormOfNewMachinesBecomesDiscoveredHostsInFewTransactions() {
    long batchesBefore = sightings.batches();
    String prefix = String.format("02:5f:%02x", (int) (System.nanoTime() & 0xff));
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < MACHINES; i++) {
        sightings.dhcpSeen(BootRequest.of(mac(prefix, i)));
      }
    }
    assertTrue(sightings.awaitWritten(Duration.ofSeconds(30)), "all written within 30 s");
    long stored =
        QuarkusTransaction.requiringNew()
            .call(() -> Host.count("mac like ?1 and discovered = true", prefix + ":%"));
    assertEquals(MACHINES, stored, "every machine is a discovered host, once");
    long batches = sightings.batches() - batchesBefore;
    assertTrue(
        batches <= 3L * MACHINES / 10,
        "4,500 sightings took " + batches + " transactions, not one each");
  }

  @Test
  void aLaterSightingWithoutUuidKeepsTheUuidOfAnEarlierOne() {
    MacAddress mac = mac(String.format("02:5e:%02x", (int) (System.nanoTime() & 0xff)), 7);
    ClientUuid uuid =
        ClientUuid.parseWireOrder("4c4c4544-0042-3510-8052-b2c04f4e4d31").orElseThrow();
    sightings.dhcpSeen(
        new BootRequest(mac, Optional.of(uuid), Optional.empty(), Firmware.BIOS, false));
    sightings.dhcpSeen(BootRequest.of(mac));
    assertTrue(sightings.awaitWritten(Duration.ofSeconds(10)));
    Host h = QuarkusTransaction.requiringNew().call(() -> Host.byMac(mac.colon()).orElseThrow());
    assertNotNull(h.lastSeen);
    assertEquals(uuid.wireOrder(), h.uuid);
  }

  @Test
  void aRehearsalWritesNothingNotEvenToAHostThatExists() {
    String prefix = String.format("02:5d:%02x", (int) (System.nanoTime() & 0xff));
    MacAddress known = mac(prefix, 1);
    sightings.dhcpSeen(BootRequest.of(known));
    assertTrue(sightings.awaitWritten(Duration.ofSeconds(10)));
    Host before = QuarkusTransaction.requiringNew().call(() -> Host.byMac(known.colon()).get());
    ClientUuid uuid =
        ClientUuid.parseWireOrder("4c4c4544-0042-3510-8052-b2c04f4e4d32").orElseThrow();
    sightings.rehearse(
        List.of(
            new BootRequest(known, Optional.of(uuid), Optional.empty(), Firmware.BIOS, false),
            BootRequest.of(mac(prefix, 2))));
    Host after = QuarkusTransaction.requiringNew().call(() -> Host.byMac(known.colon()).get());
    assertEquals(before.lastSeen, after.lastSeen, "last seen not moved");
    assertNull(after.uuid, "no UUID written");
    long created =
        QuarkusTransaction.requiringNew().call(() -> Host.count("mac", mac(prefix, 2).colon()));
    assertEquals(0, created, "no discovered host left behind");
  }

  static MacAddress mac(String prefix, int i) {
    return MacAddress.of(String.format("%s:%02x:%02x:%02x", prefix, 0, (i >> 8) & 0xff, i & 0xff));
  }
}
