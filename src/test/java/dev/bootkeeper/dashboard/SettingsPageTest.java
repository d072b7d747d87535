package dev.bootkeeper.dashboard;

import static dev.bootkeeper.dashboard.DashboardTestSupport.admin;
import static dev.bootkeeper.dashboard.DashboardTestSupport.unique;
import static dev.bootkeeper.dashboard.DashboardTestSupport.viewer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.dashboard.auth.AppUser;
import dev.bootkeeper.dhcp.DhcpControl;
import dev.bootkeeper.dhcp.DhcpMode;
import dev.bootkeeper.store.Setting;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SettingsPageTest {

  @Inject DhcpControl dhcp;

  @Test
  void showsDhcpDefaultProfileTokensAndUsers() {
    admin()
        .get()
        .get("/settings")
        .then()
        .statusCode(200)
        .body(
            allOf(
                containsString("DHCP"),
                containsString("Default profile"),
                containsString("API tokens"),
                containsString("Users")));
  }

  @Test
  void turningFullDhcpOnNeedsTheTypedWord() {
    admin()
        .form()
        .formParam("mode", "full")
        .formParam("subnet", "198.18.0.0/24")
        .formParam("rangeStart", "198.18.0.100")
        .formParam("rangeEnd", "198.18.0.200")
        .formParam("router", "198.18.0.1")
        .formParam("dns", "198.18.0.1")
        .formParam("domain", "lab")
        .post("/settings/dhcp")
        .then()
        .statusCode(200)
        .body(containsString("A second DHCP server breaks networks"));
    QuarkusTransaction.requiringNew()
        .run(() -> assertTrue(Setting.get("dhcp-mode").filter("full"::equals).isEmpty()));
    admin()
        .form()
        .formParam("mode", "full")
        .formParam("subnet", "198.18.0.0/24")
        .formParam("rangeStart", "198.18.0.100")
        .formParam("rangeEnd", "198.18.0.200")
        .formParam("router", "198.18.0.1")
        .formParam("dns", "198.18.0.1")
        .formParam("domain", "lab")
        .formParam("confirm", "ENABLE")
        .post("/settings/dhcp")
        .then()
        .statusCode(303);
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              assertEquals("full", Setting.get("dhcp-mode").orElseThrow());
              String json = Setting.get("dhcp-subnets").orElseThrow();
              assertTrue(
                  json.contains("\"subnet\":\"198.18.0.0/24\"")
                      && json.contains("\"range\":\"198.18.0.100-198.18.0.200\""),
                  json);
            });
    admin()
        .form()
        .formParam("mode", "off")
        .formParam("subnet", "")
        .post("/settings/dhcp")
        .then()
        .statusCode(303);
    QuarkusTransaction.requiringNew()
        .run(() -> assertEquals("off", Setting.get("dhcp-mode").orElseThrow()));
  }

  /** What the page promises is what the DHCP server then does, without a restart. */
  @Test
  void aModeSavedOnThePageRunsAtOnceAndOffStopsIt() {
    admin()
        .form()
        .formParam("mode", "proxy")
        .formParam("subnet", "")
        .post("/settings/dhcp")
        .then()
        .statusCode(303);
    assertEquals(DhcpMode.PROXY, dhcp.mode());
    assertTrue(dhcp.server().running(), "proxyDHCP is listening");
    assertTrue(dhcp.server().proxyPort() > 0, "and on its PXE port");
    admin()
        .get()
        .get("/settings")
        .then()
        .statusCode(200)
        .body(containsString("value=\"proxy\" checked"));
    admin()
        .get()
        .get("/")
        .then()
        .statusCode(200)
        .body(containsString("proxy mode on UDP " + dhcp.server().port()));

    admin()
        .form()
        .formParam("mode", "off")
        .formParam("subnet", "")
        .post("/settings/dhcp")
        .then()
        .statusCode(303);
    assertEquals(DhcpMode.OFF, dhcp.mode());
    assertFalse(dhcp.server().running(), "off stops the server");
  }

  @Test
  void badSubnetsAreRefusedWithAReason() {
    admin()
        .form()
        .formParam("mode", "proxy")
        .formParam("subnet", "198.18.0.7/24")
        .formParam("rangeStart", "198.18.0.100")
        .formParam("rangeEnd", "198.18.0.200")
        .post("/settings/dhcp")
        .then()
        .statusCode(400)
        .body(containsString("host bits set"));
    admin()
        .form()
        .formParam("mode", "proxy")
        .formParam("subnet", "198.18.0.0/24")
        .formParam("rangeStart", "198.18.6.100")
        .formParam("rangeEnd", "198.18.0.200")
        .post("/settings/dhcp")
        .then()
        .statusCode(400)
        .body(containsString("is not an ascending range inside 198.18.0.0/24"));
  }

  @Test
  void createsUsesAndRevokesAnApiToken() {
    String name = unique("tok");
    String html =
        admin()
            .form()
            .formParam("name", name)
            .post("/settings/tokens")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    String token =
        DashboardTestSupport.find(
            java.util.regex.Pattern.compile("id=\"new-token\">(bk_[^<]+)<"), html);
    given()
        .header("Authorization", "Bearer " + token)
        .post("/api/v1/images/rescan")
        .then()
        .statusCode(200);
    admin().form().formParam("name", name).post("/settings/tokens/revoke").then().statusCode(303);
    given()
        .header("Authorization", "Bearer " + token)
        .post("/api/v1/images/rescan")
        .then()
        .statusCode(401);
  }

  @Test
  void createsAndDeletesUsers() {
    String name = unique("ops");
    admin()
        .form()
        .formParam("username", name)
        .formParam("password", "long-enough-password")
        .formParam("role", "viewer")
        .post("/settings/users")
        .then()
        .statusCode(303);
    DashboardTestSupport.Login login = DashboardTestSupport.login(name, "long-enough-password");
    login.get().get("/settings").then().statusCode(200).body(containsString(name));
    admin()
        .form()
        .formParam("username", name)
        .post("/settings/users/delete")
        .then()
        .statusCode(303);
    QuarkusTransaction.requiringNew().run(() -> assertTrue(AppUser.byUsername(name).isEmpty()));
    login.get().get("/settings").then().statusCode(303);
    admin()
        .form()
        .formParam("username", "admin")
        .post("/settings/users/delete")
        .then()
        .statusCode(400);
  }

  @Test
  void setsTheDefaultProfileAndViewersCannot() {
    admin()
        .form()
        .formParam("profile", "local-disk")
        .post("/settings/default-profile")
        .then()
        .statusCode(303);
    viewer()
        .form()
        .formParam("profile", "local-disk")
        .post("/settings/default-profile")
        .then()
        .statusCode(403);
    viewer()
        .form()
        .formParam("username", "x")
        .formParam("password", "long-enough-password")
        .formParam("role", "admin")
        .post("/settings/users")
        .then()
        .statusCode(403);
  }
}
