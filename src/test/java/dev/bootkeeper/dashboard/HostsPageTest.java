package dev.bootkeeper.dashboard;

import static dev.bootkeeper.dashboard.DashboardTestSupport.admin;
import static dev.bootkeeper.dashboard.DashboardTestSupport.uniqueMac;
import static dev.bootkeeper.dashboard.DashboardTestSupport.viewer;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.api.ApiTestSupport;
import dev.bootkeeper.boot.BootRequest;
import dev.bootkeeper.boot.BootService;
import dev.bootkeeper.boot.MacAddress;
import dev.bootkeeper.store.Host;
import dev.bootkeeper.store.Profile;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HostsPageTest {

  @Inject BootService boot;

  static void host(String mac, String hostname, String ip, Map<String, String> labels) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              Host h = new Host();
              h.mac = mac;
              h.hostname = hostname;
              h.ip = ip;
              h.labels.putAll(labels);
              h.lastSeen = OffsetDateTime.now();
              h.persist();
            });
  }

  /**
   * A host that boots a profile by its label selector shows that profile (and the rule) in the
   * list, is counted on the profile's row, and is found by the list's profile filter.
   */
  @Test
  void aProfileChosenByLabelSelectorIsShownCountedAndFiltered() {
    String mac = uniqueMac();
    String rack = DashboardTestSupport.unique("rack");
    String profile = DashboardTestSupport.unique("by-rack");
    ApiTestSupport.admin()
        .body(
            Map.of(
                "name",
                profile,
                "kind",
                "linux",
                "kernel",
                "a/vmlinuz",
                "selector",
                Map.of("rack", rack)))
        .post("/api/v1/profiles")
        .then()
        .statusCode(201);
    ApiTestSupport.admin()
        .body(Map.of("hostname", "node-" + rack, "labels", Map.of("rack", rack)))
        .put("/api/v1/hosts/" + mac)
        .then()
        .statusCode(201);
    admin()
        .get()
        .queryParam("q", mac)
        .get("/hosts")
        .then()
        .statusCode(200)
        .body(containsString("href=\"/profiles/" + profile + "\">" + profile + "</a>"))
        .body(containsString("(selector)"));
    admin()
        .get()
        .queryParam("profile", profile)
        .get("/hosts")
        .then()
        .statusCode(200)
        .body(containsString(mac))
        .body(containsString("1–1 of 1"));
    String list = admin().get().get("/profiles").then().statusCode(200).extract().asString();
    String row = list.substring(list.indexOf("/profiles/" + profile + "\""));
    row = row.substring(0, row.indexOf("</tr>"));
    assertTrue(row.matches("(?s).*>\\s*1\\s*<.*"), "the profile's row counts one host: " + row);
  }

  @Test
  void searchesByMacHostnameAndIpAndFiltersByLabel() {
    String mac = uniqueMac();
    String name = DashboardTestSupport.unique("web");
    host(mac, name, null, Map.of("rack", "r-" + name));
    admin()
        .get()
        .queryParam("q", name)
        .get("/hosts")
        .then()
        .statusCode(200)
        .body(containsString(mac));
    admin()
        .get()
        .queryParam("q", mac.toUpperCase().replace(':', '-'))
        .get("/hosts")
        .then()
        .body(containsString(name));
    admin()
        .get()
        .queryParam("label", "rack=r-" + name)
        .get("/hosts")
        .then()
        .body(containsString(mac))
        .body(containsString("1–1 of 1"));
    admin()
        .get()
        .queryParam("label", "rack=other")
        .queryParam("q", name)
        .get("/hosts")
        .then()
        .body(not(containsString(mac)))
        .body(containsString("No host matches"));
    admin()
        .get()
        .queryParam("seen", "never")
        .queryParam("q", name)
        .get("/hosts")
        .then()
        .body(not(containsString(mac)));
    admin()
        .get()
        .queryParam("seen", "1h")
        .queryParam("q", name)
        .get("/hosts")
        .then()
        .body(containsString(mac));
  }

  @Test
  void pagesThroughManyHosts() {
    String prefix = DashboardTestSupport.unique("many");
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              for (int i = 0; i < 120; i++) {
                Host h = new Host();
                h.mac = uniqueMac();
                h.hostname = prefix + "-" + i;
                h.persist();
              }
            });
    admin()
        .get()
        .queryParam("q", prefix)
        .get("/hosts")
        .then()
        .body(containsString("1–50 of 120"))
        .body(containsString("Next →"));
    admin()
        .get()
        .queryParam("q", prefix)
        .queryParam("page", 2)
        .get("/hosts")
        .then()
        .body(containsString("101–120 of 120"))
        .body(not(containsString("Next →")));
  }

  @Test
  void assignsAProfileAndAOneShotBootToManyHostsAtOnce() {
    String a = uniqueMac();
    String b = uniqueMac();
    host(a, null, null, Map.of());
    host(b, null, null, Map.of());
    admin()
        .form()
        .formParam("mac", a)
        .formParam("mac", b)
        .formParam("action", "profile")
        .formParam("profile", "local-disk")
        .post("/hosts/bulk")
        .then()
        .statusCode(303);
    admin()
        .form()
        .formParam("mac", a)
        .formParam("action", "next-boot")
        .formParam("profile", "local-disk")
        .post("/hosts/bulk")
        .then()
        .statusCode(303);
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              assertEquals("local-disk", Host.byMac(a).orElseThrow().profile.name);
              assertEquals("local-disk", Host.byMac(b).orElseThrow().profile.name);
              assertEquals("local-disk", Host.byMac(a).orElseThrow().nextBootProfile.name);
              assertNull(Host.byMac(b).orElseThrow().nextBootProfile);
            });
    admin()
        .form()
        .formParam("mac", a)
        .formParam("action", "clear-next-boot")
        .post("/hosts/bulk")
        .then()
        .statusCode(303);
    QuarkusTransaction.requiringNew()
        .run(() -> assertNull(Host.byMac(a).orElseThrow().nextBootProfile));
  }

  @Test
  void adoptsADiscoveredMachineWithAProfile() {
    String mac = uniqueMac();
    boot.recordSeen(BootRequest.of(MacAddress.of(mac)));
    admin().get().get("/hosts").then().body(containsString("Discovered"));
    admin()
        .form()
        .formParam("profile", "local-disk")
        .post("/hosts/" + mac + "/adopt")
        .then()
        .statusCode(303);
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              Host h = Host.byMac(mac).orElseThrow();
              assertFalse(h.discovered);
              assertEquals("local-disk", h.profile.name);
            });
  }

  @Test
  void wakeOnLanFromTheList() {
    String mac = uniqueMac();
    host(mac, null, null, Map.of());
    admin()
        .get()
        .header("X-CSRF-Token", admin().csrf())
        .header("HX-Request", "true")
        .post("/hosts/" + mac + "/wake")
        .then()
        .statusCode(200)
        .body(containsString("sent"));
  }

  @Test
  void refusesChangesWithoutTokenOrByAViewer() {
    String mac = uniqueMac();
    host(mac, null, null, Map.of());
    admin()
        .get()
        .contentType("application/x-www-form-urlencoded")
        .formParam("mac", mac)
        .formParam("action", "profile")
        .formParam("profile", "local-disk")
        .post("/hosts/bulk")
        .then()
        .statusCode(403);
    viewer()
        .form()
        .formParam("mac", mac)
        .formParam("action", "profile")
        .formParam("profile", "local-disk")
        .post("/hosts/bulk")
        .then()
        .statusCode(403);
    viewer().get().get("/hosts").then().statusCode(200);
    QuarkusTransaction.requiringNew().run(() -> assertNull(Host.byMac(mac).orElseThrow().profile));
  }

  @Test
  void anUnknownProfileIsAClearError() {
    admin()
        .form()
        .formParam("mac", uniqueMac())
        .formParam("action", "profile")
        .formParam("profile", "no-such-profile")
        .post("/hosts/bulk")
        .then()
        .statusCode(400)
        .body(containsString("No profile named"));
    QuarkusTransaction.requiringNew().run(() -> Profile.byName("local-disk").orElseThrow());
  }
}
