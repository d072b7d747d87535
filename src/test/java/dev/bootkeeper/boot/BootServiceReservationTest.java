package dev.bootkeeper.boot;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.store.Host;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.Inet4Address;
import org.junit.jupiter.api.Test;

/** The reservation question DHCP asks for every address it considers giving out. */
@QuarkusTest
class BootServiceReservationTest {

  @Inject BootService boot;

  static Inet4Address ip(String text) {
    return Ipv4.parse(text).orElseThrow();
  }

  @Test
  void anAddressInAnotherHostsRecordIsReservedForOthersOnly() {
    MacAddress owner = MacAddress.of("02:5e:00:00:77:07");
    MacAddress other = MacAddress.of("02:5e:00:00:77:08");
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              Host h = new Host();
              h.mac = owner.colon();
              h.ip = "203.0.113.77";
              h.persist();
            });
    assertTrue(boot.isReservedForOther(ip("203.0.113.77"), other));
    assertFalse(boot.isReservedForOther(ip("203.0.113.77"), owner), "its own reservation");
    assertFalse(boot.isReservedForOther(ip("203.0.113.78"), other), "not reserved at all");
  }

  /** Reservations are read once and kept: a change of a host's address shows at once. */
  @Test
  void aChangedOrRemovedReservationShowsInTheNextAnswer() {
    MacAddress owner = MacAddress.of("02:5e:00:00:77:09");
    MacAddress other = MacAddress.of("02:5e:00:00:77:0a");
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              Host h = new Host();
              h.mac = owner.colon();
              h.ip = "203.0.113.79";
              h.persist();
            });
    assertTrue(boot.reservedAddress(owner).isPresent());
    QuarkusTransaction.requiringNew()
        .run(() -> Host.byMac(owner.colon()).orElseThrow().ip = "203.0.113.80");
    assertFalse(boot.isReservedForOther(ip("203.0.113.79"), other), "the old address is free");
    assertTrue(boot.isReservedForOther(ip("203.0.113.80"), other), "the new one is reserved");
    QuarkusTransaction.requiringNew().run(() -> Host.byMac(owner.colon()).orElseThrow().delete());
    assertFalse(boot.isReservedForOther(ip("203.0.113.80"), other), "gone with its host");
    assertTrue(boot.reservedAddress(owner).isEmpty());
  }
}
