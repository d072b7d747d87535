package dev.bootkeeper.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.bootkeeper.api.ApiTokens;
import dev.bootkeeper.store.ApiToken;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class WakeResourceTest {

  static String token() {
    String token = ApiTokens.newToken();
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              ApiToken t = new ApiToken();
              t.name = DashboardTestSupport.unique("wake");
              t.tokenHash = ApiTokens.hashHex(token);
              t.persist();
            });
    return token;
  }

  @Test
  void sendsAMagicPacketToTheConfiguredBroadcast() {
    String mac = DashboardTestSupport.uniqueMac();
    given()
        .header("Authorization", "Bearer " + token())
        .post("/api/v1/hosts/" + mac.replace(':', '-') + "/wake")
        .then()
        .statusCode(200)
        .body("mac", equalTo(mac))
        .body("sentTo", hasItem("127.0.0.1:9"));
  }

  @Test
  void needsATokenAndAMac() {
    given().post("/api/v1/hosts/52:54:00:00:00:01/wake").then().statusCode(401);
    given()
        .header("Authorization", "Bearer " + token())
        .post("/api/v1/hosts/nonsense/wake")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("is not a MAC address"));
  }

  @Test
  void theOtherHostRoutesStillWork() {
    given().get("/api/v1/hosts/52:54:00:00:00:99").then().statusCode(404);
  }
}
