package dev.bootkeeper.api;

import static dev.bootkeeper.api.ApiTestSupport.admin;
import static dev.bootkeeper.api.ApiTestSupport.unique;
import static dev.bootkeeper.api.ApiTestSupport.uniqueMac;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/inventory?mode=replace}: the appliance becomes equal to the file; a dry run
 * lists the changes and writes nothing; a replace that would lock everyone out is refused whole.
 * Each test starts from this appliance's own export, so that it deletes only what it created.
 */
@QuarkusTest
class InventoryReplaceTest {

  record Fixture(String profile, String mac) {}

  private static Fixture aProfileAndAHost() {
    String profile = unique("repl");
    String mac = uniqueMac();
    admin()
        .body(Map.of("name", profile, "kind", "linux", "kernel", "r/vmlinuz"))
        .post("/api/v1/profiles")
        .then()
        .statusCode(201);
    admin()
        .body(Map.of("profile", profile, "hostname", "repl-1"))
        .put("/api/v1/hosts/" + mac)
        .then()
        .statusCode(201);
    return new Fixture(profile, mac);
  }

  private static Map<String, Object> export() {
    return new HashMap<>(
        given().get("/api/v1/inventory").then().statusCode(200).extract().jsonPath().getMap(""));
  }

  /** The export without the fixture's host, and with one new profile. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> withoutHostWithProfile(
      Map<String, Object> doc, String mac, String newProfile) {
    List<Map<String, Object>> hosts = new ArrayList<>((List<Map<String, Object>>) doc.get("hosts"));
    hosts.removeIf(h -> mac.equals(h.get("mac")));
    doc.put("hosts", hosts);
    List<Map<String, Object>> profiles =
        new ArrayList<>((List<Map<String, Object>>) doc.get("profiles"));
    profiles.add(Map.of("name", newProfile, "kind", "local"));
    doc.put("profiles", profiles);
    return doc;
  }

  @Test
  void aDryRunListsTheChangesAndWritesNothing() {
    Fixture f = aProfileAndAHost();
    String added = unique("added");
    Map<String, Object> doc = withoutHostWithProfile(export(), f.mac(), added);
    JsonPath r =
        admin()
            .body(doc)
            .post("/api/v1/inventory?mode=replace&dryRun=true")
            .then()
            .statusCode(200)
            .body("dryRun", equalTo(true))
            .extract()
            .jsonPath();
    List<Map<String, String>> changes = r.getList("changes");
    assertEquals(
        List.of(
            Map.of("action", "create", "kind", "profile", "name", added),
            Map.of("action", "delete", "kind", "host", "name", f.mac())),
        changes,
        "only what differs, nothing else");
    given().get("/api/v1/hosts/" + f.mac()).then().statusCode(200);
    given().get("/api/v1/profiles/" + added).then().statusCode(404);
  }

  @Test
  void aReplaceDeletesWhatTheFileLacksAndCreatesWhatItHas() {
    Fixture f = aProfileAndAHost();
    String added = unique("added");
    Map<String, Object> doc = withoutHostWithProfile(export(), f.mac(), added);
    admin()
        .body(doc)
        .post("/api/v1/inventory?mode=replace")
        .then()
        .statusCode(200)
        .body("dryRun", equalTo(false))
        .body("changes.name", hasItem(f.mac()));
    given().get("/api/v1/hosts/" + f.mac()).then().statusCode(404);
    given().get("/api/v1/profiles/" + added).then().statusCode(200);
    given().get("/api/v1/profiles/" + f.profile()).then().statusCode(200);
    admin()
        .body(export())
        .post("/api/v1/inventory?mode=replace&dryRun=true")
        .then()
        .statusCode(200)
        .body("changes.size()", equalTo(0));
  }

  @Test
  void aReplaceThatLeavesNoAdminIsRefusedWhole() {
    Fixture f = aProfileAndAHost();
    Map<String, Object> doc = withoutHostWithProfile(export(), f.mac(), unique("never"));
    doc.put("users", List.of());
    admin()
        .body(doc)
        .post("/api/v1/inventory?mode=replace")
        .then()
        .statusCode(409)
        .body("detail", containsString("no admin"));
    given().get("/api/v1/hosts/" + f.mac()).then().statusCode(200);
  }

  @Test
  void aReplaceThatDeletesTheCallersTokenIsRefused() {
    Fixture f = aProfileAndAHost();
    Map<String, Object> doc = withoutHostWithProfile(export(), f.mac(), unique("never"));
    doc.put("tokens", List.of());
    admin()
        .body(doc)
        .post("/api/v1/inventory?mode=replace")
        .then()
        .statusCode(409)
        .body("detail", containsString("this request is made with"));
    given().get("/api/v1/hosts/" + f.mac()).then().statusCode(200);
  }

  @Test
  void aReplaceNeedsEverySectionAndNamesWhatItCannotCreate() {
    Map<String, Object> partial = export();
    partial.remove("users");
    admin()
        .body(partial)
        .post("/api/v1/inventory?mode=replace&dryRun=true")
        .then()
        .statusCode(400)
        .body("detail", containsString("lacks users"));
    Map<String, Object> doc = export();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> tokens =
        new ArrayList<>((List<Map<String, Object>>) doc.get("tokens"));
    tokens.add(Map.of("name", "from-git"));
    doc.put("tokens", tokens);
    admin()
        .body(doc)
        .post("/api/v1/inventory?mode=replace&dryRun=true")
        .then()
        .statusCode(200)
        .body("notCreated", hasItem("token from-git"));
    admin()
        .body(doc)
        .post("/api/v1/inventory?mode=sync")
        .then()
        .statusCode(400)
        .body("detail", containsString("mode must be merge or replace"));
  }

  @Test
  void theExportHoldsDhcpUsersAndTokenNamesButNoSecrets() {
    String body =
        given()
            .get("/api/v1/inventory")
            .then()
            .statusCode(200)
            .body("version", equalTo(2))
            .body("dhcp.mode", equalTo("off"))
            .body("users.username", hasItem("admin"))
            .body("users.find { it.username == 'admin' }.role", equalTo("admin"))
            .extract()
            .asString();
    assertEquals(false, body.contains("pbkdf2"), "no password hash in the export");
    assertEquals(false, body.contains("tokenHash"), "no token hash in the export");
  }
}
