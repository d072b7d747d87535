package dev.bootkeeper.api;

import static io.restassured.RestAssured.given;

import dev.bootkeeper.store.ApiToken;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.specification.RequestSpecification;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Shared by the Quarkus tests of every package: an admin token created directly in the store, and
 * names and MACs no other test uses.
 */
public final class ApiTestSupport {

  private static final AtomicInteger SEQ = new AtomicInteger();
  private static volatile String token;

  private ApiTestSupport() {}

  public static synchronized String token() {
    if (token == null) {
      String t = ApiTokens.newToken();
      String name = "test-" + System.nanoTime();
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

  public static RequestSpecification admin() {
    return given().header("Authorization", "Bearer " + token()).contentType("application/json");
  }

  public static String unique(String prefix) {
    return prefix + "-" + SEQ.incrementAndGet() + "-" + (System.nanoTime() % 100000);
  }

  /** A MAC no other test uses: 52:54:00 (QEMU's prefix) plus a counter. */
  public static String uniqueMac() {
    int n = SEQ.incrementAndGet() + (int) (System.nanoTime() % 50000) * 100;
    return String.format(
        "52:54:%02x:%02x:%02x:%02x", (n >> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
  }
}
