package dev.bootkeeper.api;

import static dev.bootkeeper.api.ApiTestSupport.admin;
import static dev.bootkeeper.api.ApiTestSupport.unique;
import static dev.bootkeeper.api.ApiTestSupport.uniqueMac;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class InventoryTest {

  @Test
  void exportThenImportRoundTrips() {
    String profile = unique("inv");
    String mac = uniqueMac();
    admin()
        .body(
            Map.of(
                "name",
                profile,
                "kind",
                "linux",
                "kernel",
                "a/vmlinuz",
                "selector",
                Map.of("role", "db")))
        .post("/api/v1/profiles")
        .then()
        .statusCode(201);
    admin()
        .body(Map.of("profile", profile, "hostname", "db-1", "labels", Map.of("role", "db")))
        .put("/api/v1/hosts/" + mac)
        .then()
        .statusCode(201);
    String doc =
        given()
            .get("/api/v1/inventory")
            .then()
            .statusCode(200)
            .body("format", equalTo("bootkeeper-inventory"))
            .body("profiles.name", hasItem(profile))
            .extract()
            .asString();
    admin().delete("/api/v1/hosts/" + mac).then().statusCode(204);
    admin().delete("/api/v1/profiles/" + profile).then().statusCode(204);
    admin().body(doc).post("/api/v1/inventory").then().statusCode(200);
    given()
        .get("/api/v1/hosts/" + mac)
        .then()
        .statusCode(200)
        .body("profile", equalTo(profile))
        .body("hostname", equalTo("db-1"));
    given()
        .get("/api/v1/profiles/" + profile)
        .then()
        .statusCode(200)
        .body("selector.role", equalTo("db"));
  }

  @Test
  void aFailedImportLeavesNothingHalfWritten() {
    String good = unique("good");
    String mac = uniqueMac();
    List<Map<String, Object>> profiles = new ArrayList<>();
    profiles.add(Map.of("name", good, "kind", "local"));
    profiles.add(Map.of("name", unique("bad"), "kind", "linux", "kernel", "k", "cmdline", "x\ny"));
    Map<String, Object> doc =
        Map.of(
            "format",
            "bootkeeper-inventory",
            "version",
            1,
            "profiles",
            profiles,
            "hosts",
            List.of(Map.of("mac", mac, "profile", good)));
    admin()
        .body(doc)
        .post("/api/v1/inventory")
        .then()
        .statusCode(400)
        .body("detail", containsString("profiles[1]"));
    given().get("/api/v1/profiles/" + good).then().statusCode(404);
    given().get("/api/v1/hosts/" + mac).then().statusCode(404);

    Map<String, Object> badHost =
        Map.of(
            "format",
            "bootkeeper-inventory",
            "version",
            1,
            "profiles",
            List.of(Map.of("name", good, "kind", "local")),
            "hosts",
            List.of(Map.of("mac", mac, "profile", good), Map.of("mac", "zz", "profile", good)));
    admin()
        .body(badHost)
        .post("/api/v1/inventory")
        .then()
        .statusCode(400)
        .body("detail", containsString("hosts[1]"));
    given().get("/api/v1/profiles/" + good).then().statusCode(404);
    given().get("/api/v1/hosts/" + mac).then().statusCode(404);
    admin().body(Map.of("format", "other")).post("/api/v1/inventory").then().statusCode(400);
  }

  @Test
  void csvImportIsAllOrNothing() {
    String p = unique("csv");
    admin()
        .body(Map.of("name", p, "kind", "local"))
        .post("/api/v1/profiles")
        .then()
        .statusCode(201);
    String a = uniqueMac();
    String b = uniqueMac().replace(':', '-').toUpperCase();
    String csv =
        "mac,hostname,profile,labels\n"
            + a
            + ",node-a,"
            + p
            + ",rack=r1;row=2\n\""
            + b
            + "\",\"node-b\","
            + p
            + ",\n";
    admin()
        .contentType("text/csv")
        .body(csv)
        .post("/api/v1/hosts/import")
        .then()
        .statusCode(200)
        .body("created", equalTo(2));
    JsonPath host = given().get("/api/v1/hosts/" + a).then().statusCode(200).extract().jsonPath();
    org.junit.jupiter.api.Assertions.assertEquals("r1", host.getString("labels.rack"));
    String c = uniqueMac();
    String bad = "mac,hostname,profile\n" + c + ",node-c," + p + "\n" + "not-a-mac,x," + p + "\n";
    admin()
        .contentType("text/csv")
        .body(bad)
        .post("/api/v1/hosts/import")
        .then()
        .statusCode(400)
        .body("detail", containsString("CSV line 3"));
    given().get("/api/v1/hosts/" + c).then().statusCode(404);
    admin()
        .contentType("text/csv")
        .body("hostname\nx\n")
        .post("/api/v1/hosts/import")
        .then()
        .statusCode(400)
        .body("detail", containsString("'mac' is required"));
    admin()
        .contentType("text/csv")
        .body("mac,colour\n" + c + ",red\n")
        .post("/api/v1/hosts/import")
        .then()
        .statusCode(400)
        .body("detail", containsString("unknown column 'colour'"));
  }
}
