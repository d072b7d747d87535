package dev.bootkeeper.dashboard;

import static dev.bootkeeper.dashboard.DashboardTestSupport.admin;
import static dev.bootkeeper.dashboard.DashboardTestSupport.unique;
import static dev.bootkeeper.dashboard.DashboardTestSupport.uniqueMac;
import static dev.bootkeeper.dashboard.DashboardTestSupport.viewer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.inventory.AuditFilter;
import dev.bootkeeper.inventory.AuditLog;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Changes made through the dashboard's forms are audited under the person who made them. */
@QuarkusTest
class AuditPageTest {

  @Inject AuditLog audit;

  private List<AuditLog.Entry> entries(String entity, String id) {
    return audit.search(new AuditFilter(null, entity, id, null, null), 0, 100).items();
  }

  @Test
  void aHostFormChangeIsAuditedUnderTheUserWithBeforeAndAfter() {
    String mac = uniqueMac();
    admin()
        .form()
        .formParam("profile", "local-disk")
        .post("/hosts/" + mac + "/assign")
        .then()
        .statusCode(303);
    admin()
        .form()
        .formParam("profile", "")
        .post("/hosts/" + mac + "/assign")
        .then()
        .statusCode(303);
    List<AuditLog.Entry> items = entries("host", mac);
    assertEquals(2, items.size(), items.toString());
    AuditLog.Entry update = items.get(0);
    assertEquals("admin", update.actor());
    assertEquals("user", update.actorKind());
    assertEquals("127.0.0.1", update.address());
    assertEquals("update", update.action());
    assertEquals("profile: local-disk -> (none)", update.summary());
    assertEquals("create", items.get(1).action());
  }

  @Test
  void tokensMadeOnTheSettingsPageHaveTheChosenScopeAndAreAudited() {
    String name = unique("grafana");
    admin()
        .form()
        .formParam("name", name)
        .formParam("scope", "read-only")
        .post("/settings/tokens")
        .then()
        .statusCode(200)
        .body(containsString("The read-only API token <strong>" + name + "</strong> was created"));
    admin()
        .get()
        .get("/settings")
        .then()
        .statusCode(200)
        .body(containsString("<strong>" + name + "</strong></td><td class=\"small\">read-only"));
    admin()
        .form()
        .formParam("name", unique("bad"))
        .formParam("scope", "superuser")
        .post("/settings/tokens")
        .then()
        .statusCode(400)
        .body(containsString("The scope must be read-only or admin."));
    admin().form().formParam("name", name).post("/settings/tokens/revoke").then().statusCode(303);
    List<AuditLog.Entry> items = entries("token", name);
    assertEquals(List.of("delete", "create"), items.stream().map(AuditLog.Entry::action).toList());
    assertEquals("scope=read-only", items.get(1).summary());
    assertEquals("admin", items.get(1).actor());
  }

  @Test
  void usersMadeAndDeletedAreAudited() {
    String name = unique("ops");
    admin()
        .form()
        .formParam("username", name)
        .formParam("password", "a-long-password-1")
        .formParam("role", "viewer")
        .post("/settings/users")
        .then()
        .statusCode(303);
    admin()
        .form()
        .formParam("username", name)
        .post("/settings/users/delete")
        .then()
        .statusCode(303);
    List<AuditLog.Entry> items = entries("user", name);
    assertEquals(List.of("delete", "create"), items.stream().map(AuditLog.Entry::action).toList());
    assertEquals("role=viewer", items.get(1).summary());
    assertTrue(items.stream().noneMatch(e -> e.summary().contains("a-long-password-1")));
  }

  @Test
  void loginsFailedLoginsAndLogoutsAreAudited() {
    String name = unique("nobody");
    Response page = given().get("/login");
    given()
        .redirects()
        .follow(false)
        .cookie("bk_login", page.getCookie("bk_login"))
        .contentType("application/x-www-form-urlencoded")
        .formParam(
            "_csrf",
            DashboardTestSupport.find(
                java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\""),
                page.asString()))
        .formParam("username", name)
        .formParam("password", "wrong-password")
        .post("/login")
        .then()
        .statusCode(401);
    List<AuditLog.Entry> failed = entries("session", name);
    assertEquals(1, failed.size(), failed.toString());
    assertEquals("login-failed", failed.get(0).action());
    assertEquals("127.0.0.1", failed.get(0).address());

    DashboardTestSupport.Login fresh =
        DashboardTestSupport.login("admin", DashboardTestSupport.ADMIN_PASSWORD);
    fresh.form().post("/logout").then().statusCode(303);
    List<String> actions =
        entries("session", "admin").stream().limit(2).map(AuditLog.Entry::action).toList();
    assertEquals(List.of("logout", "login"), actions);
  }

  @Test
  void theAuditPageIsForAdminsWithFilters() {
    String mac = uniqueMac();
    admin()
        .form()
        .formParam("profile", "local-disk")
        .post("/hosts/" + mac + "/assign")
        .then()
        .statusCode(303);
    admin()
        .get()
        .get("/audit?entity=host&id=" + mac)
        .then()
        .statusCode(200)
        .body(
            allOf(
                containsString("<a href=\"/audit\" class=\"active\">Audit</a>"),
                containsString("1 entry"),
                containsString(mac),
                containsString("profile=local-disk")));
    admin()
        .get()
        .get("/audit?entity=profile&id=" + mac)
        .then()
        .statusCode(200)
        .body(allOf(containsString("0 entries"), containsString("No entries match.")));
    admin()
        .get()
        .get("/audit?from=yesterday")
        .then()
        .statusCode(200)
        .body(containsString("Dates are yyyy-mm-dd."));
    viewer()
        .get()
        .get("/audit")
        .then()
        .statusCode(403)
        .body(containsString("Only an admin can read the audit log"));
    viewer().get().get("/").then().statusCode(200).body(not(containsString("href=\"/audit\"")));
  }
}
