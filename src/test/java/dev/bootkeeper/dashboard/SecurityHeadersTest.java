package dev.bootkeeper.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Dashboard pages carry a Content-Security-Policy that allows scripts only from the appliance and
 * no framing; every answer carries nosniff and a same-origin referrer policy; machine-facing boot
 * files and the JSON API carry no page policy.
 */
@QuarkusTest
class SecurityHeadersTest {

  @Test
  void dashboardPagesForbidInlineScriptAndFraming() {
    given()
        .get("/login")
        .then()
        .statusCode(200)
        .header("Content-Security-Policy", containsString("script-src 'self';"))
        .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
        .header("X-Frame-Options", equalTo("DENY"))
        .header("X-Content-Type-Options", equalTo("nosniff"))
        .header("Referrer-Policy", equalTo("same-origin"));
    given()
        .redirects()
        .follow(false)
        .get("/hosts")
        .then()
        .header("Content-Security-Policy", containsString("default-src 'self'"));
  }

  @Test
  void theApiAndBootFilesHaveNoPagePolicy() {
    given()
        .get("/api/v1/bootloaders")
        .then()
        .statusCode(200)
        .header("Content-Security-Policy", nullValue())
        .header("X-Content-Type-Options", equalTo("nosniff"));
    given().get("/boot.ipxe").then().header("Content-Security-Policy", nullValue());
  }
}
