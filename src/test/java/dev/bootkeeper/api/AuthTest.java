package dev.bootkeeper.api;

import static dev.bootkeeper.api.ApiTestSupport.admin;
import static dev.bootkeeper.api.ApiTestSupport.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuthTest {

  @Test
  void changesNeedABearerToken() {
    Map<String, Object> body = Map.of("name", unique("auth"), "kind", "local");
    given()
        .contentType("application/json")
        .body(body)
        .post("/api/v1/profiles")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", startsWith("Bearer"))
        .body("detail", containsString("needs an API token"));
    given()
        .contentType("application/json")
        .header("Authorization", "Bearer wrong")
        .body(body)
        .post("/api/v1/profiles")
        .then()
        .statusCode(401)
        .body("detail", containsString("not valid"));
    given()
        .contentType("application/json")
        .header("Authorization", "Basic abc")
        .body(body)
        .delete("/api/v1/hosts/52:54:00:00:00:01")
        .then()
        .statusCode(401)
        .body("detail", containsString("Bearer"));
  }

  @Test
  void readsAreOpenByDefault() {
    given().get("/api/v1/profiles").then().statusCode(200);
  }

  @Test
  void tokensCreatedThroughTheApiWorkAndCanBeRevoked() {
    String name = unique("ci");
    String token =
        admin()
            .body(Map.of("name", name))
            .post("/api/v1/tokens")
            .then()
            .statusCode(201)
            .body("token", startsWith("bk_"))
            .extract()
            .path("token");
    given()
        .get("/api/v1/tokens")
        .then()
        .statusCode(200)
        .body("name", hasItem(name))
        .body("toString()", not(containsString(token)));
    given()
        .header("Authorization", "Bearer " + token)
        .contentType("application/json")
        .body(Map.of("name", unique("bytoken"), "kind", "local"))
        .post("/api/v1/profiles")
        .then()
        .statusCode(201);
    admin().body(Map.of("name", name)).post("/api/v1/tokens").then().statusCode(409);
    admin().delete("/api/v1/tokens/" + name).then().statusCode(204);
    given()
        .header("Authorization", "Bearer " + token)
        .contentType("application/json")
        .body(Map.of("name", unique("revoked"), "kind", "local"))
        .post("/api/v1/profiles")
        .then()
        .statusCode(401);
  }

  @Test
  void settingsChangeTheDefaultProfile() {
    String name = unique("dflt");
    admin()
        .body(
            Map.of(
                "name", name, "kind", "linux", "kernel", "x/vmlinuz", "cmdline", "marker=" + name))
        .post("/api/v1/profiles")
        .then()
        .statusCode(201);
    try {
      admin()
          .body(Map.of("defaultProfile", name))
          .put("/api/v1/settings")
          .then()
          .statusCode(200)
          .body("defaultProfile", equalTo(name));
      given()
          .queryParam("mac", ApiTestSupport.uniqueMac())
          .get("/api/v1/boot/explain")
          .then()
          .body("profile", equalTo(name))
          .body("rule", equalTo("DEFAULT"));
      admin().delete("/api/v1/profiles/" + name).then().statusCode(409);
      admin()
          .body(Map.of("defaultProfile", "nope"))
          .put("/api/v1/settings")
          .then()
          .statusCode(400)
          .body("detail", containsString("no profile named"));
    } finally {
      admin()
          .body(Map.of("defaultProfile", "local-disk"))
          .put("/api/v1/settings")
          .then()
          .statusCode(200);
    }
  }
}
