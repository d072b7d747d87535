package dev.bootkeeper.api;

import static dev.bootkeeper.api.ApiTestSupport.admin;
import static dev.bootkeeper.api.ApiTestSupport.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.boot.BootEventRecorder;
import dev.bootkeeper.tftp.TftpStartup;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Boot menus through the API: saved, refused, previewed, served, and traced by entry. */
@QuarkusTest
class MenuApiTest {

  @Inject TftpStartup tftp;
  @Inject BootEventRecorder recorder;

  @TestHTTPResource("/images/")
  URL images;

  static Map<String, Object> linux(String name, String dir) {
    return Map.of(
        "name",
        name,
        "kind",
        "linux",
        "description",
        "Linux " + name,
        "kernel",
        dir + "/vmlinuz",
        "initrds",
        List.of(dir + "/initrd.img"),
        "cmdline",
        "console=ttyS0");
  }

  static Map<String, Object> menu(String name, List<String> entries, String def, int timeout) {
    return Map.of(
        "name",
        name,
        "kind",
        "menu",
        "description",
        "Rescue menu",
        "menu",
        Map.of("entries", entries, "default", def, "timeout", timeout));
  }

  static void create(Map<String, Object> profile) {
    admin().body(profile).post("/api/v1/profiles").then().statusCode(201);
  }

  @Test
  void aMenuIsSavedReadAndPreviewedInEveryFormat() {
    String a = unique("ea");
    String m = unique("menu");
    create(linux(a, "k"));
    create(Map.of("name", unique("eb"), "kind", "local"));
    admin()
        .body(menu(m, List.of("local-disk", a), a, 2))
        .post("/api/v1/profiles")
        .then()
        .statusCode(201)
        .body("kind", equalTo("menu"))
        .body("menu.entries", equalTo(List.of("local-disk", a)))
        .body("menu.default", equalTo(a))
        .body("menu.timeout", equalTo(2));
    JsonPath preview =
        given()
            .get("/api/v1/profiles/" + m + "/preview")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertTrue(
        preview.getString("pxelinux").contains("UI menu.c32\n")
            && preview.getString("pxelinux").contains("TIMEOUT 20\nDEFAULT " + a + "\n")
            && preview.getString("pxelinux").contains("LABEL local-disk\n"),
        preview.getString("pxelinux"));
    assertTrue(
        preview.getString("ipxe").contains("choose --timeout 2000 --default " + a + " bk_entry"),
        preview.getString("ipxe"));
    assertTrue(
        preview.getString("grub").contains("set timeout=2\n")
            && preview.getString("grub").contains("set default=1\n")
            && preview.getString("grub").contains("menuentry 'Linux " + a + "' {"),
        preview.getString("grub"));
    given()
        .queryParam("mac", "52-54-00-aa-bb-cc")
        .get("/api/v1/profiles/" + m + "/preview")
        .then()
        .statusCode(200)
        .body("grub", containsString("for 52:54:00:aa:bb:cc"));
    given().get("/api/v1/profiles/no-such-" + m + "/preview").then().statusCode(404);
  }

  @Test
  void aMenuInAMenuOrAMissingEntryIsA400AndAnOfferedProfileCannotBeDeleted() {
    String a = unique("ea");
    String m = unique("menu");
    create(linux(a, "k"));
    create(menu(m, List.of(a), a, 5));
    admin()
        .body(menu(unique("outer"), List.of(m), m, 5))
        .post("/api/v1/profiles")
        .then()
        .statusCode(400)
        .body(
            "detail",
            equalTo(
                "menu.entries[0]: '" + m + "' is a menu, and a menu cannot contain another menu"));
    admin()
        .body(menu(unique("outer"), List.of(a, "gone-" + a), a, 5))
        .post("/api/v1/profiles")
        .then()
        .statusCode(400)
        .body("detail", equalTo("menu.entries[1]: no profile named 'gone-" + a + "'"));
    admin()
        .delete("/api/v1/profiles/" + a)
        .then()
        .statusCode(409)
        .body(
            "detail",
            equalTo(
                "cannot delete profile '"
                    + a
                    + "': it is an entry of the menu(s) '"
                    + m
                    + "'; remove it from them first"));
  }

  /**
   * A machine at a menu fetches the chosen entry's kernel over TFTP and its initrd over HTTP: both
   * fetches are filed under the entry's profile, and the trace says which entry was booted.
   */
  @Test
  void theFetchesAfterAMenuAreFiledUnderTheChosenEntry() throws Exception {
    String mac = DiscoveryFromFilesTest.unknownMac();
    String a = unique("ea");
    String b = unique("eb");
    String m = unique("menu");
    String dirA = "menu-" + a;
    for (String dir : List.of(dirA, "menu-" + b)) {
      Path d = Path.of("target/test-images").resolve(dir);
      Files.createDirectories(d);
      Files.write(d.resolve("vmlinuz"), new byte[2048]);
      Files.write(d.resolve("initrd.img"), new byte[2048]);
    }
    create(linux(a, dirA));
    create(linux(b, "menu-" + b));
    create(menu(m, List.of(b, a), b, 2));
    admin().body(Map.of("profile", m)).put("/api/v1/hosts/" + mac).then().statusCode(201);
    String tftpBase = "tftp://127.0.0.1:" + tftp.server().orElseThrow().port() + "/";
    DiscoveryFromFilesTest.fetch(tftpBase + "pxelinux.cfg/01-" + mac.replace(':', '-'));
    DiscoveryFromFilesTest.fetch(tftpBase + dirA + "/vmlinuz");
    DiscoveryFromFilesTest.fetch(images + dirA + "/initrd.img");
    // The HTTP server records its step when the response has ended, which the client may see
    // after it has read the last byte: wait (bounded) until every step is stored.
    List<Map<String, Object>> items = List.of();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    do {
      recorder.awaitStored(Duration.ofSeconds(10));
      items =
          admin()
              .queryParam("mac", mac)
              .get("/api/v1/events")
              .then()
              .statusCode(200)
              .extract()
              .jsonPath()
              .getList("items");
      if (items.stream().anyMatch(e -> "HTTP_GET".equals(e.get("stepType")))) {
        break;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    List<Map<String, Object>> stored = items;
    assertEquals(
        List.of(a),
        stored.stream()
            .filter(e -> "MENU_ENTRY_CHOSEN".equals(e.get("stepType")))
            .map(e -> e.get("profile"))
            .toList(),
        () -> "one choice, entry " + a + ": " + stored);
    for (String file : List.of(dirA + "/vmlinuz", "/images/" + dirA + "/initrd.img")) {
      assertTrue(
          stored.stream()
              .anyMatch(
                  e ->
                      file.equals(e.get("file"))
                          && ("TRANSFER_DONE".equals(e.get("stepType"))
                              || "HTTP_GET".equals(e.get("stepType")))
                          && a.equals(e.get("profile"))),
          () -> file + " is filed under " + a + ": " + stored);
    }
  }
}
