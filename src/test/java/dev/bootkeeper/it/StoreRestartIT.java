package dev.bootkeeper.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The H2 file store keeps its data across a restart, and across a crash; the first start prints an
 * admin token that works, and later starts do not print another.
 */
class StoreRestartIT {

  static final Pattern TOKEN = Pattern.compile("(bk_[A-Za-z0-9_-]{20,})");
  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void dataSurvivesRestartAndCrash(@TempDir Path dir) throws Exception {
    Map<String, String> props = Map.of("bootkeeper.dhcp.mode", "off");
    String token;
    try (Appliance a = Appliance.start(dir, props, List.of())) {
      Matcher m = TOKEN.matcher(a.log());
      assertTrue(m.find(), "the first start prints an admin token:\n" + a.log());
      // The database holds password and token hashes: private to the appliance's user.
      assertEquals(
          "rwx------",
          java.nio.file.attribute.PosixFilePermissions.toString(
              java.nio.file.Files.getPosixFilePermissions(dir.resolve("data"))));
      assertEquals(
          "rw-------",
          java.nio.file.attribute.PosixFilePermissions.toString(
              java.nio.file.Files.getPosixFilePermissions(dir.resolve("data/bootkeeper.mv.db"))));
      token = m.group(1);
      assertEquals(
          201,
          send(
                  a,
                  "POST",
                  "/api/v1/profiles",
                  token,
                  "{\"name\":\"keep\",\"kind\":\"linux\",\"kernel\":\"k/vmlinuz\",\"cmdline\":\"token=kept\"}")
              .statusCode());
      assertEquals(
          201,
          send(a, "PUT", "/api/v1/hosts/52-54-00-AA-00-01", token, "{\"profile\":\"keep\"}")
              .statusCode());
    }
    try (Appliance a = Appliance.start(dir, props, List.of())) {
      assertTrue(!TOKEN.matcher(a.log()).find(), "a second start prints no new token");
      HttpResponse<String> r =
          send(a, "GET", "/api/v1/hosts/52:54:00:aa:00:01/boot?format=pxelinux", null, null);
      assertEquals(200, r.statusCode());
      assertTrue(r.body().contains("token=kept"), r.body());
      assertEquals(
          201,
          send(a, "PUT", "/api/v1/hosts/52:54:00:aa:00:02", token, "{\"profile\":\"keep\"}")
              .statusCode());
      a.kill();
    }
    try (Appliance a = Appliance.start(dir, props, List.of())) {
      assertEquals(
          200,
          send(a, "GET", "/api/v1/hosts/52:54:00:aa:00:02", null, null).statusCode(),
          "a host written before a crash is still there");
    }
  }

  private HttpResponse<String> send(
      Appliance a, String method, String path, String token, String json)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(a.base() + path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (json != null) {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofString(json));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
