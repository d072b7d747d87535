package dev.bootkeeper.api;

import static dev.bootkeeper.api.ApiTestSupport.admin;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bootkeeper.boot.BootRequest;
import dev.bootkeeper.boot.BootService;
import dev.bootkeeper.boot.Firmware;
import dev.bootkeeper.boot.MacAddress;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The profiles and the default profile that DHCP answers are read once and kept: a change through
 * the API shows in the very next answer.
 */
@QuarkusTest
class PlannerCacheTest {

  @Inject BootService boot;

  private String dhcpAnswerProfile(String mac) {
    return boot.firstStage(
            new BootRequest(
                MacAddress.of(mac), Optional.empty(), Optional.empty(), Firmware.BIOS, false))
        .profile();
  }

  private static void createProfile(String name, Map<String, String> selector) {
    admin()
        .body(Map.of("name", name, "kind", "linux", "kernel", "c/vmlinuz", "selector", selector))
        .post("/api/v1/profiles")
        .then()
        .statusCode(201);
  }

  @Test
  void changingTheDefaultProfileChangesTheNextDhcpAnswer() {
    String name = ApiTestSupport.unique("cache-dflt");
    String mac = ApiTestSupport.uniqueMac();
    createProfile(name, Map.of());
    String before = dhcpAnswerProfile(mac);
    try {
      admin().body(Map.of("defaultProfile", name)).put("/api/v1/settings").then().statusCode(200);
      assertEquals(name, dhcpAnswerProfile(mac));
    } finally {
      admin()
          .body(Map.of("defaultProfile", "local-disk"))
          .put("/api/v1/settings")
          .then()
          .statusCode(200);
      admin().delete("/api/v1/profiles/" + name).then().statusCode(204);
    }
    assertEquals(before, dhcpAnswerProfile(mac), "back to the default it had");
  }

  @Test
  void changingOnlyAProfilesSelectorChangesTheNextDhcpAnswer() {
    String rack = ApiTestSupport.unique("rack");
    String name = ApiTestSupport.unique("cache-sel");
    String mac = ApiTestSupport.uniqueMac();
    admin()
        .body(Map.of("labels", Map.of("rack", rack)))
        .put("/api/v1/hosts/" + mac)
        .then()
        .statusCode(201);
    String unselected = dhcpAnswerProfile(mac);
    createProfile(name, Map.of("rack", rack));
    try {
      assertEquals(name, dhcpAnswerProfile(mac), "selected by the new profile");
      admin()
          .body(Map.of("name", name, "kind", "linux", "kernel", "c/vmlinuz", "selector", Map.of()))
          .put("/api/v1/profiles/" + name)
          .then()
          .statusCode(200);
      assertEquals(unselected, dhcpAnswerProfile(mac), "the selector no longer matches");
    } finally {
      admin().delete("/api/v1/hosts/" + mac).then().statusCode(204);
      admin().delete("/api/v1/profiles/" + name).then().statusCode(204);
    }
  }
}
