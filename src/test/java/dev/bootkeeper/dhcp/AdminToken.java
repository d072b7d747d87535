package dev.bootkeeper.dhcp;

import static io.restassured.RestAssured.given;

import dev.bootkeeper.api.ApiTokens;
import dev.bootkeeper.store.ApiToken;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.specification.RequestSpecification;

/** An admin API token created directly in the store (as api.ApiTestSupport does). */
final class AdminToken {

  private static volatile String token;

  private AdminToken() {}

  static synchronized String token() {
    if (token == null) {
      String t = ApiTokens.newToken();
      String name = "dhcp-test-" + System.nanoTime();
      QuarkusTransaction.requiringNew()
          .run(
              () -> {
                ApiToken entity = new ApiToken();
                entity.name = name;
                entity.tokenHash = ApiTokens.hashHex(t);
                entity.persist();
              });
      token = t;
    }
    return token;
  }

  static RequestSpecification admin() {
    return given().header("Authorization", "Bearer " + token()).contentType("application/json");
  }
}
