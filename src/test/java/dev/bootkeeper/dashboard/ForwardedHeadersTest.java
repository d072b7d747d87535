package dev.bootkeeper.dashboard;

import static dev.bootkeeper.api.ApiTestSupport.admin;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.inventory.AuditFilter;
import dev.bootkeeper.inventory.AuditLog;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Without proxy forwarding turned on (the default), what a client writes in Host and X-Forwarded-*
 * changes nothing: redirects and Location headers are relative, a cookie is Secure only over real
 * TLS, and the audit log keeps the connection's address.
 */
@QuarkusTest
class ForwardedHeadersTest {

  static final Pattern HIDDEN_CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  @Inject AuditLog audit;

  /** Logs in with the given extra headers; returns the login response. */
  static Response login(String... headers) {
    Response page = given().get("/login");
    var request =
        given()
            .redirects()
            .follow(false)
            .cookie("bk_login", page.getCookie("bk_login"))
            .contentType("application/x-www-form-urlencoded")
            .formParam("_csrf", DashboardTestSupport.find(HIDDEN_CSRF, page.asString()))
            .formParam("username", "admin")
            .formParam("password", DashboardTestSupport.ADMIN_PASSWORD)
            .formParam("next", "/hosts");
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    Response r = request.post("/login");
    assertEquals(303, r.statusCode(), r.asString());
    return r;
  }

  static String sessionCookieHeader(Response r) {
    return r.getHeaders().getValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("bk_session="))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void redirectsNeverCarryTheRequestsHost() {
    given()
        .redirects()
        .follow(false)
        .header("Host", "evil.example")
        .get("/hosts")
        .then()
        .statusCode(303)
        .header("Location", "/login?next=%2Fhosts");
    Response r = login("Host", "evil.example", "X-Forwarded-Host", "evil.example");
    assertEquals("/hosts", r.getHeader("Location"));
    DashboardTestSupport.Login admin = DashboardTestSupport.admin();
    admin
        .form()
        .header("Host", "evil.example")
        .formParam("profile", "local-disk")
        .post("/hosts/" + DashboardTestSupport.uniqueMac() + "/assign")
        .then()
        .statusCode(303)
        .header("Location", org.hamcrest.Matchers.startsWith("/hosts/"));
  }

  @Test
  void theCreatedLocationOfTheApiIsRelative() {
    String name = DashboardTestSupport.unique("loc");
    admin()
        .header("Host", "evil.example")
        .body(java.util.Map.of("name", name, "kind", "linux", "kernel", "debian/vmlinuz"))
        .post("/api/v1/profiles")
        .then()
        .statusCode(201)
        .header("Location", "/api/v1/profiles/" + name);
  }

  @Test
  void forwardedProtoAndForAreIgnoredWhenForwardingIsOff() {
    Response r = login("X-Forwarded-Proto", "https", "X-Forwarded-For", "198.18.0.66");
    String cookie = sessionCookieHeader(r);
    assertFalse(cookie.toLowerCase().contains("secure"), cookie);
    assertTrue(cookie.toLowerCase().contains("httponly"), cookie);
    List<AuditLog.Entry> logins =
        audit.search(new AuditFilter(null, "session", "admin", null, null), 0, 1).items();
    assertNotNull(logins.get(0).address());
    assertEquals("127.0.0.1", logins.get(0).address());
  }
}
