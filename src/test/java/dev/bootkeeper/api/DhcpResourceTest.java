package dev.bootkeeper.api;

import static dev.bootkeeper.api.ApiTestSupport.admin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.dhcp.DhcpMode;
import dev.bootkeeper.dhcp.DhcpNetwork;
import dev.bootkeeper.dhcp.DhcpNetworkStore;
import dev.bootkeeper.dhcp.DhcpStartup;
import dev.bootkeeper.dhcp.JdbcLeaseStore;
import dev.bootkeeper.store.Setting;
import dev.bootkeeper.store.StoreChanged;
import dev.bootkeeper.store.StoreChanges;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The DHCP settings API: validation, storage in the setting table, applying without a restart. The
 * test profile's server address is 198.18.0.1 and the server binds an ephemeral port on 127.0.0.1.
 * Every test leaves DHCP off, as the other tests expect it.
 */
@QuarkusTest
class DhcpResourceTest {

  static final String LOCAL =
      "{\"subnet\":\"198.18.0.0/24\",\"range\":\"198.18.0.100-198.18.0.199\","
          + "\"router\":\"198.18.0.1\",\"dns\":[\"198.18.0.1\",\"198.18.0.2\"],"
          + "\"domain\":\"lab.test\",\"leaseTime\":\"1h\"}";
  static final String RELAYED =
      "{\"subnet\":\"198.19.7.0/24\",\"range\":\"198.19.7.10-198.19.7.20\"}";

  @Inject DhcpStartup dhcp;
  @Inject Event<StoreChanged> changes;

  @AfterEach
  void off() {
    admin().body("{\"mode\":\"off\"}").put("/api/v1/dhcp").then().statusCode(200);
  }

  static String body(String mode, String... subnets) {
    return "{\"mode\":\"" + mode + "\",\"subnets\":[" + String.join(",", subnets) + "]}";
  }

  /**
   * The store's notice of an earlier change can arrive while a later change made here is applied
   * but not yet committed: the store then still holds the earlier settings, and applying them would
   * undo the later change until its own notice comes.
   */
  @Test
  void aStoreNoticeDuringAnUncommittedLocalChangeDoesNotUndoIt() throws Exception {
    admin().body(body("proxy")).put("/api/v1/dhcp").then().statusCode(200);
    assertTrue(dhcp.server().running());
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              dhcp.change(new DhcpNetwork(DhcpMode.OFF, java.util.List.of()));
              assertFalse(dhcp.server().running());
              // The feed's thread, as it delivers the notice of the proxy change.
              noticeFromTheFeedThread();
              assertFalse(dhcp.server().running(), "the stored proxy mode is not applied");
            });
    changes.fire(new StoreChanged(StoreChanges.Area.PROFILES));
    assertFalse(dhcp.server().running(), "after the commit the store says off too");
  }

  /**
   * A local change whose transaction rolls back leaves the store as it was: the server goes back to
   * the stored settings, although the store's notice came (and was set aside) while it ran.
   */
  @Test
  void aLocalChangeThatRollsBackLeavesTheServerOnTheStoredSettings() throws Exception {
    admin().body(body("proxy")).put("/api/v1/dhcp").then().statusCode(200);
    assertTrue(dhcp.server().running());
    try {
      QuarkusTransaction.requiringNew()
          .run(
              () -> {
                dhcp.change(new DhcpNetwork(DhcpMode.OFF, java.util.List.of()));
                noticeFromTheFeedThread();
                assertFalse(dhcp.server().running());
                throw new IllegalStateException("rolled back on purpose");
              });
    } catch (IllegalStateException expected) {
      assertEquals("rolled back on purpose", expected.getMessage());
    }
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!dhcp.server().running() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(dhcp.server().running(), "back on the stored proxy mode");
  }

  /** The store's notice of a change, delivered on another thread as the change feed does. */
  void noticeFromTheFeedThread() {
    Thread feed =
        new Thread(
            () -> changes.fire(new StoreChanged(StoreChanges.Area.PROFILES)), "test-change-feed");
    feed.start();
    try {
      feed.join(10_000);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void fullModeWithTwoSubnetsIsStoredAndRunsAtOnce() {
    admin()
        .body(body("full", LOCAL, RELAYED))
        .put("/api/v1/dhcp")
        .then()
        .statusCode(200)
        .body("mode", equalTo("full"))
        .body("source", equalTo("stored"))
        .body("subnets[0].subnet", equalTo("198.18.0.0/24"))
        .body("subnets[0].range", equalTo("198.18.0.100-198.18.0.199"))
        .body("subnets[0].dns[1]", equalTo("198.18.0.2"))
        .body("subnets[0].leaseTime", equalTo("1h"))
        .body("subnets[1].leaseTime", equalTo("12h"))
        .body("subnets[1].router", nullValue())
        .body("status.running", equalTo(true))
        .body("status.port", greaterThan(0))
        .body("status.proxyPort", nullValue())
        .body("status.serverAddress", equalTo("198.18.0.1"))
        .body("status.counters.packets", notNullValue());
    assertTrue(dhcp.server().running());
    assertEquals(2, dhcp.server().settings().orElseThrow().subnets().size());
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              assertEquals("full", Setting.get(DhcpNetworkStore.MODE).orElseThrow());
              String json = Setting.get(DhcpNetworkStore.SUBNETS).orElseThrow();
              assertTrue(json.startsWith("[{\"subnet\":\"198.18.0.0/24\""), json);
              assertTrue(json.contains("\"leaseTime\":\"1h\""), json);
            });

    // Only the mode changes; the subnets stay.
    admin()
        .body("{\"mode\":\"proxy\"}")
        .put("/api/v1/dhcp")
        .then()
        .statusCode(200)
        .body("mode", equalTo("proxy"))
        .body("subnets.size()", equalTo(2))
        .body("status.running", equalTo(true))
        .body("status.proxyPort", greaterThan(0));
    admin()
        .body("{\"mode\":\"off\"}")
        .put("/api/v1/dhcp")
        .then()
        .statusCode(200)
        .body("status.running", equalTo(false))
        .body("status.port", nullValue());
    given().get("/api/v1/dhcp").then().statusCode(200).body("mode", equalTo("off"));
  }

  @Test
  void badSettingsAreRefusedWithTheReasonAndChangeNothing() {
    admin().body(body("full", LOCAL)).put("/api/v1/dhcp").then().statusCode(200);
    refused(
        body("full", LOCAL, "{\"subnet\":\"198.18.0.0/23\",\"range\":\"198.18.1.10-198.18.1.20\"}"),
        "subnets[1] (198.18.0.0/23) overlaps subnets[0] (198.18.0.0/24)");
    refused(
        body("full", "{\"subnet\":\"198.18.0.0/24\",\"range\":\"198.18.1.10-198.18.1.20\"}"),
        "subnets[0]: range 198.18.1.10-198.18.1.20 is not an ascending range inside");
    refused(
        body("full", "{\"subnet\":\"198.18.0.0/24\",\"range\":\"198.18.0.1-198.18.0.20\"}"),
        "contains this server's address 198.18.0.1");
    refused(body("full", RELAYED), "no subnet contains this server's address 198.18.0.1");
    refused(body("full"), "mode full needs at least one subnet");
    refused(body("fast", LOCAL), "mode 'fast' is not one of off, proxy, full");
    refused(
        body("full", LOCAL.replace("\"1h\"", "\"soon\"")),
        "subnets[0].leaseTime: 'soon' is not a duration");
    refused(body("full", LOCAL.replace("\"1h\"", "\"30s\"")), "at least 60 seconds");
    refused(
        body("full", LOCAL.replace("\"router\":\"198.18.0.1\"", "\"router\":\"10.0.0.1\"")),
        "subnets[0].router 10.0.0.1 is not a host address of 198.18.0.0/24");
    refused(
        body("full", LOCAL.replace("\"198.18.0.2\"", "\"dns.example\"")),
        "subnets[0].dns[1]: 'dns.example' is not an IPv4 address");
    refused(body("full", "{\"subnet\":\"198.18.0.0/24\"}"), "subnets[0].range is required");
    admin().body("[1,2]").put("/api/v1/dhcp").then().statusCode(400);

    given()
        .contentType("application/json")
        .body(body("off"))
        .put("/api/v1/dhcp")
        .then()
        .statusCode(401);
    given()
        .get("/api/v1/dhcp")
        .then()
        .body("mode", equalTo("full"))
        .body("subnets.size()", equalTo(1))
        .body("status.running", equalTo(true));
  }

  static void refused(String json, String detail) {
    admin()
        .body(json)
        .put("/api/v1/dhcp")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString(detail));
  }

  @Test
  void theServerKeepsItsLeasesInTheDatabase() {
    assertInstanceOf(JdbcLeaseStore.class, dhcp.server().leases());
  }
}
