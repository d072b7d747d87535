package dev.bootkeeper.api;

import static dev.bootkeeper.api.ApiTestSupport.admin;
import static dev.bootkeeper.api.ApiTestSupport.unique;
import static dev.bootkeeper.api.ApiTestSupport.uniqueMac;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class HostResourceTest {

  static String profile(String token) {
    String name = unique("p");
    admin()
        .body(
            Map.of(
                "name",
                name,
                "kind",
                "linux",
                "kernel",
                "k/vmlinuz",
                "initrds",
                List.of("k/initrd.img"),
                "cmdline",
                "console=ttyS0 token=" + token))
        .post("/api/v1/profiles")
        .then()
        .statusCode(201);
    return name;
  }

  @ParameterizedTest
  @ValueSource(strings = {"AA-BB-CC-%s", "aabbcc%s", "AA:bb:CC:%s"})
  void acceptsEveryMacFormAndReturnsOne(String pattern) {
    String tail = uniqueMac().substring(9);
    String mac =
        String.format(
            pattern,
            pattern.contains("-")
                ? tail.replace(':', '-')
                : pattern.startsWith("aabbcc") ? tail.replace(":", "") : tail);
    String canonical = ("aa:bb:cc:" + tail).toLowerCase();
    admin()
        .body(Map.of("hostname", "n1"))
        .put("/api/v1/hosts/" + mac)
        .then()
        .statusCode(201)
        .body("mac", equalTo(canonical));
    given()
        .get("/api/v1/hosts/" + canonical.replace(':', '-').toUpperCase())
        .then()
        .statusCode(200)
        .body("hostname", equalTo("n1"));
    admin()
        .body(Map.of("hostname", "n2"))
        .put("/api/v1/hosts/" + canonical)
        .then()
        .statusCode(200)
        .body("hostname", equalTo("n2"));
    admin().delete("/api/v1/hosts/" + mac).then().statusCode(204);
  }

  @Test
  void putReplacesTheWholeConfiguration() {
    String p = profile("x");
    String mac = uniqueMac();
    admin()
        .body(
            Map.of(
                "profile",
                p,
                "hostname",
                "web-1",
                "ip",
                "198.18.5.10",
                "labels",
                Map.of("rack", "r1"),
                "uuid",
                "b8945908-d6a6-4a61-b3ba-4c6f3dc2f2ab"))
        .put("/api/v1/hosts/" + mac)
        .then()
        .statusCode(201)
        .body("profile", equalTo(p))
        .body("labels.rack", equalTo("r1"))
        .body("discovered", equalTo(false));
    admin()
        .body(Map.of("hostname", "web-1"))
        .put("/api/v1/hosts/" + mac)
        .then()
        .statusCode(200)
        .body("profile", nullValue())
        .body("ip", nullValue());
  }

  @Test
  void refusesBadHostInput() {
    String mac = uniqueMac();
    admin()
        .body(Map.of())
        .put("/api/v1/hosts/not-a-mac")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("is not a MAC address"));
    for (String group : List.of("ff:ff:ff:ff:ff:ff", "01:00:5e:00:00:fb", "33-33-00-00-00-01")) {
      admin()
          .body(Map.of())
          .put("/api/v1/hosts/" + group)
          .then()
          .statusCode(400)
          .body("detail", containsString("is a multicast or broadcast address"));
    }
    admin()
        .body(Map.of())
        .put("/api/v1/hosts/00:00:00:00:00:00")
        .then()
        .statusCode(400)
        .body("detail", containsString("not a network card's address"));
    admin()
        .body(Map.of("profile", "no-such-profile"))
        .put("/api/v1/hosts/" + mac)
        .then()
        .statusCode(400)
        .body("detail", containsString("no profile named"));
    admin()
        .body(Map.of("ip", "300.1.1.1"))
        .put("/api/v1/hosts/" + mac)
        .then()
        .statusCode(400)
        .body("detail", containsString("not an IPv4 address"));
    admin()
        .body(Map.of("hostname", "a\nb"))
        .put("/api/v1/hosts/" + mac)
        .then()
        .statusCode(400)
        .body("detail", containsString("line break"));
    admin()
        .body(Map.of("labels", Map.of("rack", "r1\r\nDEFAULT x")))
        .put("/api/v1/hosts/" + mac)
        .then()
        .statusCode(400)
        .body("detail", containsString("line break"));
    admin()
        .body(Map.of("uuid", "nope"))
        .put("/api/v1/hosts/" + mac)
        .then()
        .statusCode(400)
        .body("detail", containsString("is not a UUID"));
    given().get("/api/v1/hosts/" + mac).then().statusCode(404);
  }

  @Test
  void aReservedAddressBelongsToOneHost() {
    String ip = "198.18.7." + (10 + (int) (System.nanoTime() % 200));
    String a = uniqueMac();
    String b = uniqueMac();
    admin().body(Map.of("ip", ip)).put("/api/v1/hosts/" + a).then().statusCode(201);
    admin()
        .body(Map.of("ip", ip))
        .put("/api/v1/hosts/" + b)
        .then()
        .statusCode(409)
        .body("detail", containsString("already reserved"));
    admin().delete("/api/v1/hosts/" + a).then().statusCode(204);
  }

  @Test
  void listsWithFiltersAndPaging() {
    String p = profile("list");
    String rack = unique("rack");
    for (int i = 0; i < 3; i++) {
      admin()
          .body(
              Map.of(
                  "profile",
                  p,
                  "labels",
                  Map.of("rack", rack),
                  "hostname",
                  "node-" + rack + "-" + i))
          .put("/api/v1/hosts/" + uniqueMac())
          .then()
          .statusCode(201);
    }
    given()
        .queryParam("label", "rack=" + rack)
        .queryParam("size", 2)
        .get("/api/v1/hosts")
        .then()
        .statusCode(200)
        .body("total", equalTo(3))
        .body("items.size()", equalTo(2));
    given()
        .queryParam("profile", p)
        .get("/api/v1/hosts")
        .then()
        .statusCode(200)
        .body("total", equalTo(3));
    given()
        .queryParam("q", "node-" + rack + "-1")
        .get("/api/v1/hosts")
        .then()
        .statusCode(200)
        .body("total", equalTo(1));
    given().queryParam("size", 0).get("/api/v1/hosts").then().statusCode(400);
    given()
        .queryParam("label", "norack")
        .get("/api/v1/hosts")
        .then()
        .statusCode(400)
        .body("detail", containsString("key=value"));
  }

  @Test
  void bootPreviewRendersEachFormatForThatMachine() {
    String p = profile("tok-77");
    String mac = uniqueMac();
    admin().body(Map.of("profile", p)).put("/api/v1/hosts/" + mac).then().statusCode(201);
    given()
        .queryParam("format", "pxelinux")
        .get("/api/v1/hosts/" + mac + "/boot")
        .then()
        .statusCode(200)
        .body(containsString("LINUX ::k/vmlinuz"))
        .body(containsString("token=tok-77"))
        .body(containsString("for " + mac));
    given()
        .queryParam("format", "ipxe")
        .get("/api/v1/hosts/" + mac + "/boot")
        .then()
        .statusCode(200)
        .body(containsString("#!ipxe"))
        .body(containsString("http://198.18.0.1:"));
    given()
        .queryParam("format", "grub")
        .get("/api/v1/hosts/" + mac + "/boot")
        .then()
        .statusCode(200)
        .body(containsString("linux (tftp,198.18.0.1)/k/vmlinuz"));
    given()
        .queryParam("format", "floppy")
        .get("/api/v1/hosts/" + mac + "/boot")
        .then()
        .statusCode(400);
  }

  @Test
  void anUnknownMachineIsExplainedAsTheDefault() {
    String mac = uniqueMac();
    given()
        .queryParam("mac", mac)
        .get("/api/v1/boot/explain")
        .then()
        .statusCode(200)
        .body("rule", equalTo("DEFAULT"))
        .body("profile", equalTo("local-disk"))
        .body("pxelinuxSearch", hasItem("01-" + mac.replace(':', '-')))
        .body("dhcpBootFile.bios", equalTo("pxelinux.0"))
        .body("dhcpBootFile.ipxe", containsString("/boot/" + mac + ".ipxe"));
    given()
        .get("/api/v1/boot/explain")
        .then()
        .statusCode(400)
        .body("detail", containsString("mac is required"));
  }

  @Test
  void oneShotNextBootIsExplainedFirst() {
    String regular = profile("regular");
    String once = profile("once");
    String mac = uniqueMac();
    admin()
        .body(Map.of("profile", regular, "nextBootProfile", once))
        .put("/api/v1/hosts/" + mac)
        .then()
        .statusCode(201);
    given()
        .queryParam("mac", mac)
        .get("/api/v1/boot/explain")
        .then()
        .statusCode(200)
        .body("rule", equalTo("NEXT_BOOT"))
        .body("profile", equalTo(once))
        .body("considered.size()", greaterThanOrEqualTo(1));
    given()
        .queryParam("format", "pxelinux")
        .get("/api/v1/hosts/" + mac + "/boot")
        .then()
        .body(containsString("token=once"));
    given()
        .queryParam("mac", mac)
        .get("/api/v1/boot/explain")
        .then()
        .body("profile", equalTo(once))
        .body("profile", not(equalTo(regular)));
  }
}
