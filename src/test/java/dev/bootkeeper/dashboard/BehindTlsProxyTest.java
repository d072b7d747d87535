package dev.bootkeeper.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.inventory.AuditFilter;
import dev.bootkeeper.inventory.AuditLog;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Behind a TLS-terminating proxy the operator turns on Quarkus's proxy forwarding: the session
 * cookie is then Secure when the proxy says the browser used HTTPS, and the audit log names the
 * browser's address, not the proxy's.
 */
@QuarkusTest
@TestProfile(BehindTlsProxyTest.Forwarding.class)
class BehindTlsProxyTest {

  public static class Forwarding implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "quarkus.http.proxy.proxy-address-forwarding", "true",
          "quarkus.http.proxy.allow-x-forwarded", "true",
          "quarkus.http.proxy.trusted-proxies", "127.0.0.1");
    }
  }

  @Inject AuditLog audit;

  @Test
  void theSessionCookieIsSecureWhenTheProxySaysHttps() {
    Response r =
        ForwardedHeadersTest.login("X-Forwarded-Proto", "https", "X-Forwarded-For", "198.18.0.66");
    String cookie = ForwardedHeadersTest.sessionCookieHeader(r);
    assertTrue(cookie.toLowerCase().contains("secure"), cookie);
    // Still relative, whatever host the proxy forwards.
    assertEquals("/hosts", r.getHeader("Location"));
    AuditLog.Entry login =
        audit.search(new AuditFilter(null, "session", "admin", null, null), 0, 1).items().get(0);
    assertEquals("login", login.action());
    assertEquals("198.18.0.66", login.address());
  }

  @Test
  void plainHttpThroughTheProxyGetsNoSecureFlag() {
    Response r = ForwardedHeadersTest.login("X-Forwarded-Proto", "http");
    String cookie = ForwardedHeadersTest.sessionCookieHeader(r);
    assertFalse(cookie.toLowerCase().contains("secure"), cookie);
  }
}
