package dev.bootkeeper.api;

import static dev.bootkeeper.api.ApiTestSupport.admin;
import static dev.bootkeeper.api.ApiTestSupport.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PresetTest {

  @Test
  void listsThePresets() {
    given()
        .get("/api/v1/presets")
        .then()
        .statusCode(200)
        .body(
            "id",
            hasItems(
                "systemrescue-http",
                "systemrescue-nbd",
                "systemrescue-nfs",
                "systemrescue-legacy",
                "linux",
                "local-disk",
                "memtest"));
  }

  @Test
  void instantiatesSystemRescueOverHttp() {
    String name = unique("sr");
    admin()
        .body(Map.of("name", name, "params", Map.of("image", "systemrescue-12.00")))
        .post("/api/v1/presets/systemrescue-http")
        .then()
        .statusCode(201)
        .body("kernel", equalTo("systemrescue-12.00/sysresccd/boot/x86_64/vmlinuz"))
        .body("stage3.method", equalTo("http"));
    String mac = ApiTestSupport.uniqueMac();
    admin().body(Map.of("profile", name)).put("/api/v1/hosts/" + mac).then().statusCode(201);
    given()
        .queryParam("format", "ipxe")
        .get("/api/v1/hosts/" + mac + "/boot")
        .then()
        .statusCode(200)
        .body(containsString("archiso_http_srv=http://198.18.0.1:"))
        .body(containsString("/images/systemrescue-12.00/ checksum"));
  }

  @Test
  void refusesMissingOrUnknownParameters() {
    admin()
        .body(Map.of("name", unique("x")))
        .post("/api/v1/presets/systemrescue-http")
        .then()
        .statusCode(400)
        .body("detail", containsString("needs the parameter 'image'"));
    admin()
        .body(Map.of("name", unique("x"), "params", Map.of("colour", "red")))
        .post("/api/v1/presets/local-disk")
        .then()
        .statusCode(400)
        .body("detail", containsString("no parameter 'colour'"));
    admin().body(Map.of("name", unique("x"))).post("/api/v1/presets/nope").then().statusCode(404);
  }
}
