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
}
