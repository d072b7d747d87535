package dev.bootkeeper.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inventory as code between two packaged appliances with databases of their own: the export of one,
 * posted to the other with {@code mode=replace}, leaves the two with equal exports; what only the
 * second had is gone.
 */
class InventoryRoundTripIT {

  static final String TOKEN = "round-trip-it-token";
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void anExportReplacedIntoAnotherApplianceMakesThemEqual(@TempDir Path dir) throws Exception {
    Map<String, String> props = Map.of("bootkeeper.api.tokens", TOKEN);
    try (Appliance source = Appliance.start(dir.resolve("source"), props, List.of());
        Appliance target = Appliance.start(dir.resolve("target"), props, List.of())) {
      ok(
          source,
          "POST",
          "/api/v1/profiles",
          "{\"name\":\"rescue\",\"kind\":\"linux\",\"kernel\":\"r/vmlinuz\",\"cmdline\":\"quiet\"}");
      ok(
          source,
          "PUT",
          "/api/v1/hosts/52:54:00:cc:00:01",
          "{\"profile\":\"rescue\",\"hostname\":\"db-1\",\"labels\":{\"rack\":\"r1\"}}");
      ok(
          source,
          "PUT",
          "/api/v1/dhcp",
          "{\"mode\":\"off\",\"subnets\":[{\"subnet\":\"198.18.9.0/24\",\"range\":\"198.18.9.10-198.18.9.50\","
              + "\"router\":\"198.18.9.1\",\"options\":[{\"option\":\"mtu\",\"value\":\"9000\"}]}],"
              + "\"vendorBootFiles\":[{\"vendorClass\":\"U-Boot.armv8\",\"bootFile\":\"boot/arm64.scr\"}]}");
      ok(source, "POST", "/api/v1/tokens", "{\"name\":\"ci\"}");
      ok(target, "POST", "/api/v1/tokens", "{\"name\":\"ci\"}");
      ok(target, "POST", "/api/v1/profiles", "{\"name\":\"only-here\",\"kind\":\"local\"}");
      ok(target, "PUT", "/api/v1/hosts/52:54:00:cc:00:02", "{\"profile\":\"only-here\"}");

      String exported = ok(source, "GET", "/api/v1/inventory", null);
      JsonNode dry =
          JSON.readTree(ok(target, "POST", "/api/v1/inventory?mode=replace&dryRun=true", exported));
      assertTrue(dry.get("changes").toString().contains("\"only-here\""), dry.toString());
      assertEquals(
          JSON.readTree(ok(target, "GET", "/api/v1/inventory", null))
              .get("profiles")
              .toString()
              .contains("only-here"),
          true,
          "a dry run writes nothing");

      JsonNode done = JSON.readTree(ok(target, "POST", "/api/v1/inventory?mode=replace", exported));
      assertEquals(false, done.get("dryRun").asBoolean(), done.toString());
      assertEquals(
          JSON.readTree(exported),
          JSON.readTree(ok(target, "GET", "/api/v1/inventory", null)),
          "the two appliances are equal");
      assertEquals(
          404, target.request("GET", "/api/v1/hosts/52:54:00:cc:00:02", TOKEN, null).status());
    }
  }

  private static String ok(Appliance a, String method, String path, String json) throws Exception {
    Appliance.Reply r = a.request(method, path, TOKEN, json);
    assertTrue(r.status() / 100 == 2, method + " " + path + ": " + r.status() + " " + r.body());
    return r.body();
  }
}
