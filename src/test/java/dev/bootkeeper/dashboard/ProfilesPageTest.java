package dev.bootkeeper.dashboard;

import static dev.bootkeeper.dashboard.DashboardTestSupport.admin;
import static dev.bootkeeper.dashboard.DashboardTestSupport.unique;
import static dev.bootkeeper.dashboard.DashboardTestSupport.viewer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bootkeeper.store.ApiToken;
import dev.bootkeeper.store.Profile;
import dev.bootkeeper.store.ProfileVersion;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ProfilesPageTest {

  static io.restassured.specification.RequestSpecification linux(
      DashboardTestSupport.Login login, String original, String name, String cmdline) {
    return login
        .form()
        .formParam("original", original)
        .formParam("name", name)
        .formParam("kind", "linux")
        .formParam("kernel", "debian/linux")
        .formParam("initrds", "debian/initrd.gz")
        .formParam("cmdline", cmdline);
  }

  @Test
  void listsProfilesAndPresets() {
    admin()
        .get()
        .get("/profiles")
        .then()
        .statusCode(200)
        .body(
            allOf(
                containsString("local-disk"),
                containsString("systemrescue-nbd"),
                containsString("Start from a preset")));
  }

  @Test
  void previewsAnUnsavedProfile() {
    admin()
        .get()
        .header("X-CSRF-Token", admin().csrf())
        .header("HX-Request", "true")
        .contentType("application/x-www-form-urlencoded")
        .formParam("name", "")
        .formParam("kind", "linux")
        .formParam("kernel", "debian/linux")
        .formParam("initrds", "debian/initrd.gz")
        .formParam("cmdline", "console=ttyS0 preview-token")
        .post("/profiles/preview")
        .then()
        .statusCode(200)
        .body(
            allOf(
                containsString("id=\"preview\""),
                containsString("LINUX ::debian/linux"),
                containsString("preview-token"),
                containsString("kernel http://198.18.0.1"),
                containsString("linux (tftp,198.18.0.1)")));
  }

  @Test
  void previewShowsValidationErrorsOfTheApi() {
    admin()
        .get()
        .header("X-CSRF-Token", admin().csrf())
        .contentType("application/x-www-form-urlencoded")
        .formParam("name", "x")
        .formParam("kind", "linux")
        .formParam("kernel", "../../etc/passwd")
        .post("/profiles/preview")
        .then()
        .statusCode(200)
        .body(containsString("is not a path under the images directory"));
  }

  @Test
  void savesEveryChangeAsAVersionWithDiffAndRollback() {
    String name = unique("edit");
    linux(admin(), "", name, "quiet").post("/profiles/save").then().statusCode(303);
    linux(admin(), name, name, "verbose").post("/profiles/save").then().statusCode(303);
    admin()
        .get()
        .get("/profiles/" + name)
        .then()
        .statusCode(200)
        .body(allOf(containsString("v2"), containsString("v1"), containsString("Roll back")));
    admin()
        .get()
        .get("/profiles/" + name + "/diff?from=1&to=2")
        .then()
        .statusCode(200)
        .body(
            allOf(
                containsString("dl removed"),
                containsString("quiet"),
                containsString("dl added"),
                containsString("verbose")));
    admin()
        .form()
        .formParam("version", 1)
        .post("/profiles/" + name + "/rollback")
        .then()
        .statusCode(303);
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              assertEquals("quiet", Profile.byName(name).orElseThrow().cmdline);
              List<ProfileVersion> versions = ProfileVersion.of(name);
              assertEquals(3, versions.get(0).version);
              assertEquals(versions.get(2).snapshot, versions.get(0).snapshot);
              assertEquals("admin", versions.get(2).author);
            });
  }

  @Test
  void invalidInputKeepsTheFormAndSaysWhy() {
    String name = unique("bad");
    admin()
        .form()
        .formParam("original", "")
        .formParam("name", name)
        .formParam("kind", "linux")
        .formParam("kernel", "")
        .post("/profiles/save")
        .then()
        .statusCode(400)
        .body(containsString("A linux profile needs a kernel"))
        .body(containsString("value=\"" + name + "\""));
  }

  @Test
  void createsAProfileFromAPreset() {
    String name = unique("rescue");
    admin()
        .form()
        .formParam("preset", "systemrescue-nbd")
        .formParam("name", name)
        .formParam("image", "sysrescue-12")
        .post("/profiles/preset")
        .then()
        .statusCode(303);
    admin()
        .get()
        .get("/profiles/" + name)
        .then()
        .body(containsString("archiso_nbd_srv"))
        .body(containsString("sysrescue-12/sysresccd/boot/x86_64/vmlinuz"));
    admin()
        .get()
        .get("/profiles/new?preset=systemrescue-http")
        .then()
        .statusCode(200)
        .body(containsString("image"));
  }

  @Test
  void changesThroughTheApiAreVersionedToo() {
    String name = unique("api");
    String token = dev.bootkeeper.api.ApiTokens.newToken();
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              ApiToken t = new ApiToken();
              t.name = unique("tok");
              t.tokenHash = dev.bootkeeper.api.ApiTokens.hashHex(token);
              t.persist();
            });
    given()
        .header("Authorization", "Bearer " + token)
        .contentType("application/json")
        .body(Map.of("name", name, "kind", "local"))
        .post("/api/v1/profiles")
        .then()
        .statusCode(201);
    given()
        .header("Authorization", "Bearer " + token)
        .contentType("application/json")
        .body(Map.of("kind", "local", "description", "changed"))
        .put("/api/v1/profiles/" + name)
        .then()
        .statusCode(200);
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              List<ProfileVersion> v = ProfileVersion.of(name);
              assertEquals(2, v.size());
              assertEquals("api", v.get(0).author);
            });
  }

  @Test
  void viewerCannotSaveAndTokenIsRequired() {
    String name = unique("nope");
    linux(viewer(), "", name, "x").post("/profiles/save").then().statusCode(403);
    admin()
        .get()
        .contentType("application/x-www-form-urlencoded")
        .formParam("name", name)
        .formParam("kind", "local")
        .post("/profiles/save")
        .then()
        .statusCode(403);
    admin().get().get("/profiles").then().body(not(containsString(name)));
  }
}
