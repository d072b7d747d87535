package dev.bootkeeper.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two appliances on one PostgreSQL inventory: the same migrations, one view of the hosts. */
class PostgresStoreIT {

  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void twoNodesShareOneInventory(@TempDir Path dir) throws Exception {
    try (PostgresServer pg = PostgresServer.start()) {
      Map<String, String> props =
          Map.of(
              "quarkus.profile", "pg",
              "quarkus.datasource.jdbc.url", pg.jdbcUrl(),
              "bootkeeper.api.tokens", "it-token");
      try (Appliance one =
              Appliance.start(Appliance.postgresJar(), dir.resolve("one"), props, List.of());
          Appliance two =
              Appliance.start(Appliance.postgresJar(), dir.resolve("two"), props, List.of())) {
        assertEquals(
            201,
            send(
                    one,
                    "POST",
                    "/api/v1/profiles",
                    "{\"name\":\"shared\",\"kind\":\"linux\",\"kernel\":\"k/vmlinuz\",\"cmdline\":\"token=pg\"}")
                .statusCode());
        assertEquals(
            201,
            send(one, "PUT", "/api/v1/hosts/52:54:00:bb:00:01", "{\"profile\":\"shared\"}")
                .statusCode());
        HttpResponse<String> r =
            send(two, "GET", "/api/v1/hosts/52:54:00:bb:00:01/boot?format=ipxe", null);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("token=pg"), r.body());
        assertEquals(
            409,
            send(two, "POST", "/api/v1/profiles", "{\"name\":\"shared\",\"kind\":\"local\"}")
                .statusCode(),
            "one name, one profile, whichever node is asked");
      }
    }
  }

  private HttpResponse<String> send(Appliance a, String method, String path, String json)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(a.base() + path))
            .header("Authorization", "Bearer it-token");
    if (json != null) {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
