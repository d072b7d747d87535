package dev.bootkeeper.httpboot;

import static io.restassured.RestAssured.given;

import dev.bootkeeper.api.ApiTokens;
import dev.bootkeeper.store.ApiToken;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.specification.RequestSpecification;
import java.util.concurrent.atomic.AtomicInteger;

/** An admin token made directly in the store, and names no other test uses. */
final class TestTokens {

  private static final AtomicInteger SEQ = new AtomicInteger();
  private static volatile String token;

  private TestTokens() {}

  static synchronized RequestSpecification admin() {
    if (token == null) {
      String t = ApiTokens.newToken();
      String name = "httpboot-test-" + System.nanoTime();
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
    return given().header("Authorization", "Bearer " + token).contentType("application/json");
  }

  static String unique(String prefix) {
    return prefix + "-" + SEQ.incrementAndGet() + "-" + (System.nanoTime() % 100000);
  }

  /** A MAC in a range no other test uses: 02:48:54 (locally administered) plus a counter. */
  static String uniqueMac() {
    int n = SEQ.incrementAndGet() + (int) (System.nanoTime() % 50000) * 100;
    return String.format("02:48:54:%02x:%02x:%02x", (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
  }
}
