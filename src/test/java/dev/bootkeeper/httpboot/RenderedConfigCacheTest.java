package dev.bootkeeper.httpboot;

import static dev.bootkeeper.api.ApiTestSupport.admin;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.api.ApiTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A machine's config is rendered once and then served as kept until the inventory changes: every
 * change an admin makes through the API is what the very next fetch gets, over every config path.
 */
@QuarkusTest
class RenderedConfigCacheTest {

  private static Map<String, Object> linux(String name, String cmdline) {
    Map<String, Object> p = new HashMap<>();
    p.put("name", name);
    p.put("kind", "linux");
    p.put("kernel", "cache/vmlinuz");
    p.put("initrds", List.of("cache/initrd.img"));
    p.put("cmdline", cmdline);
    return p;
  }

  private static void createProfile(String name, String cmdline) {
    admin().body(linux(name, cmdline)).post("/api/v1/profiles").then().statusCode(201);
  }

  private static String served(String path) {
    return given()
        .urlEncodingEnabled(false)
        .get(path)
        .then()
        .statusCode(200)
        .header("Cache-Control", "no-store")
        .extract()
        .asString();
  }

  private static String preview(String mac, String format) {
    return given()
        .get("/api/v1/hosts/" + mac + "/boot?format=" + format)
        .then()
        .statusCode(200)
        .extract()
        .asString();
  }

  @Test
  void everyInventoryChangeIsServedAtTheNextFetch() {
    String first = ApiTestSupport.unique("cache-a");
    String second = ApiTestSupport.unique("cache-b");
    createProfile(first, "console=ttyS0 mark=one");
    createProfile(second, "console=ttyS0 mark=two");
    String mac = ApiTestSupport.uniqueMac();
    String ipxe = "/boot/" + mac + ".ipxe";
    String pxelinux = "/images/pxelinux.cfg/01-" + mac.replace(':', '-');
    admin().body(Map.of("profile", first)).put("/api/v1/hosts/" + mac).then().statusCode(201);

    for (int i = 0; i < 3; i++) {
      assertTrue(served(ipxe).contains("mark=one"), "fetch " + i);
      assertTrue(served(pxelinux).contains("mark=one"), "fetch " + i);
    }

    // The profile's own fields.
    admin()
        .body(linux(first, "console=ttyS0 mark=edited"))
        .put("/api/v1/profiles/" + first)
        .then()
        .statusCode(200);
    assertTrue(served(ipxe).contains("mark=edited"), served(ipxe));
    assertTrue(served(pxelinux).contains("mark=edited"));

    // The host's profile.
    admin().body(Map.of("profile", second)).put("/api/v1/hosts/" + mac).then().statusCode(200);
    assertTrue(served(ipxe).contains("mark=two"), served(ipxe));
    assertTrue(served(pxelinux).contains("mark=two"));

    // A custom template of the profile.
    Map<String, Object> templated = linux(second, "console=ttyS0 mark=two");
    templated.put("templates", Map.of("ipxe", "#!ipxe\necho custom {profile}\nboot\n"));
    admin().body(templated).put("/api/v1/profiles/" + second).then().statusCode(200);
    assertEquals("#!ipxe\necho custom " + second + "\nboot", served(ipxe).strip());
    assertEquals(preview(mac, "ipxe"), served(ipxe));

    // A one-shot next boot, which then stays for the boot in progress.
    String once = ApiTestSupport.unique("cache-once");
    createProfile(once, "console=ttyS0 mark=once");
    admin()
        .body(Map.of("profile", second, "nextBootProfile", once))
        .put("/api/v1/hosts/" + mac)
        .then()
        .statusCode(200);
    assertTrue(served(ipxe).contains("mark=once"), served(ipxe));
    assertTrue(served(ipxe).contains("mark=once"), "the boot in progress keeps its one-shot");

    // The host removed: an unknown machine gets the default profile, as the preview says.
    admin().delete("/api/v1/hosts/" + mac).then().statusCode(204);
    String unknown = ApiTestSupport.uniqueMac();
    assertEquals(preview(unknown, "pxelinux"), served("/images/pxelinux.cfg/01-" + unknown));
  }

  @Test
  void theDefaultProfileSettingIsServedAtTheNextFetch() {
    String mac = ApiTestSupport.uniqueMac();
    String path = "/images/pxelinux.cfg/01-" + mac.replace(':', '-');
    String before = served(path);
    assertEquals(preview(mac, "pxelinux"), before);
    String fallback = ApiTestSupport.unique("cache-default");
    createProfile(fallback, "console=ttyS0 mark=default");
    String previous =
        given().get("/api/v1/settings").then().statusCode(200).extract().path("defaultProfile");
    try {
      admin()
          .body(Map.of("defaultProfile", fallback))
          .put("/api/v1/settings")
          .then()
          .statusCode(200);
      assertTrue(served(path).contains("mark=default"), served(path));
    } finally {
      admin()
          .body(Map.of("defaultProfile", previous))
          .put("/api/v1/settings")
          .then()
          .statusCode(200);
    }
    assertEquals(before, served(path));
  }
}
