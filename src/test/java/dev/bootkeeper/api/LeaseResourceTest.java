package dev.bootkeeper.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.boot.Ipv4;
import dev.bootkeeper.boot.MacAddress;
import dev.bootkeeper.dhcp.DhcpStartup;
import dev.bootkeeper.dhcp.Lease;
import dev.bootkeeper.dhcp.LeaseStore;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.Inet4Address;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/leases}: what the server's store holds, filtered and paged. */
@QuarkusTest
class LeaseResourceTest {

  static final Inet4Address BOUND_IP = Ipv4.require("198.51.100.10");
  static final Inet4Address OFFERED_IP = Ipv4.require("198.51.100.11");
  static final Inet4Address RELEASED_IP = Ipv4.require("198.51.100.12");
  static final Inet4Address EXPIRED_IP = Ipv4.require("198.51.100.13");
  static final Inet4Address DECLINED_IP = Ipv4.require("198.51.100.14");
  static final MacAddress BOUND = MacAddress.of("02:1e:00:00:00:10");
  static final MacAddress OFFERED = MacAddress.of("02:1e:00:00:00:11");
  static final MacAddress RELEASED = MacAddress.of("02:1e:00:00:00:12");
  static final MacAddress EXPIRED = MacAddress.of("02:1e:00:00:00:13");

  @Inject DhcpStartup dhcp;

  @BeforeEach
  void leases() {
    LeaseStore store = dhcp.server().leases();
    Instant now = Instant.now();
    claim(store, BOUND_IP, BOUND, now.plusSeconds(3600), Lease.State.BOUND, now);
    claim(store, OFFERED_IP, OFFERED, now.plusSeconds(60), Lease.State.OFFERED, now);
    claim(store, RELEASED_IP, RELEASED, now.plusSeconds(3600), Lease.State.BOUND, now);
    store.release(RELEASED_IP, RELEASED, now);
    claim(store, EXPIRED_IP, EXPIRED, now.minusSeconds(1), Lease.State.BOUND, now.minusSeconds(10));
    store.quarantine(DECLINED_IP, now.plusSeconds(600));
  }

  static void claim(
      LeaseStore store,
      Inet4Address ip,
      MacAddress mac,
      Instant until,
      Lease.State s,
      Instant now) {
    assertTrue(store.claim(new Lease(ip, mac, until, s), now), "claim " + ip);
  }

  @Test
  void filterByMacIpAndState() {
    given()
        .get("/api/v1/leases?mac=02-1E-00-00-00-10")
        .then()
        .statusCode(200)
        .body("total", equalTo(1))
        .body("items[0].ip", equalTo("198.51.100.10"))
        .body("items[0].mac", equalTo("02:1e:00:00:00:10"))
        .body("items[0].state", equalTo("bound"));
    given()
        .get("/api/v1/leases?ip=198.51.100.14")
        .then()
        .body("total", equalTo(1))
        .body("items[0].state", equalTo("quarantined"))
        .body("items[0].mac", nullValue());
    given()
        .get("/api/v1/leases?ip=198.51.100.11")
        .then()
        .body("items[0].state", equalTo("offered"));
    given()
        .get("/api/v1/leases?ip=198.51.100.12")
        .then()
        .body("items[0].state", equalTo("released"));
    given()
        .get("/api/v1/leases?ip=198.51.100.13")
        .then()
        .body("items[0].state", equalTo("expired"));
    given()
        .get("/api/v1/leases?state=active&size=1000")
        .then()
        .body("items.ip", hasItem("198.51.100.10"))
        .body("items.ip", hasItem("198.51.100.11"))
        .body("items.ip", not(hasItem("198.51.100.12")))
        .body("items.state", everyItem(org.hamcrest.Matchers.oneOf("offered", "bound")));
    given()
        .get("/api/v1/leases?state=expired&size=1000")
        .then()
        .body("items.ip", hasItem("198.51.100.13"))
        .body("items.ip", not(hasItem("198.51.100.10")));
  }

  @Test
  void pagesAreInAddressOrder() {
    given()
        .get("/api/v1/leases?size=2&page=0")
        .then()
        .statusCode(200)
        .body("items.size()", equalTo(2))
        .body("size", equalTo(2))
        .body("total", greaterThanOrEqualTo(5));
  }

  @Test
  void badFiltersAreRefused() {
    given()
        .get("/api/v1/leases?state=happy")
        .then()
        .statusCode(400)
        .body("detail", containsString("is not one of offered, bound, active"));
    given()
        .get("/api/v1/leases?mac=zz")
        .then()
        .statusCode(400)
        .body("detail", containsString("is not a MAC address"));
    given()
        .get("/api/v1/leases?ip=198.51.100")
        .then()
        .statusCode(400)
        .body("detail", containsString("not an IPv4 address"));
    given().get("/api/v1/leases?size=0").then().statusCode(400);
  }
}
