package dev.bootkeeper.api;

import static dev.bootkeeper.api.ApiTestSupport.admin;
import static dev.bootkeeper.api.ApiTestSupport.uniqueMac;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * DHCP options through the API: on a subnet ({@code PUT /api/v1/dhcp}), on a host ({@code PUT
 * /api/v1/hosts/{mac}}), in the inventory export, and in the explain view. Leaves DHCP off.
 */
@QuarkusTest
class DhcpOptionsApiTest {

  static final String SUBNET =
      "{\"subnet\":\"198.18.0.0/24\",\"range\":\"198.18.0.100-198.18.0.199\","
          + "\"router\":\"198.18.0.1\",\"options\":["
          + "{\"option\":\"mtu\",\"value\":\"1500\"},"
          + "{\"option\":\"42\",\"value\":\"198.18.0.123\",\"always\":true},"
          + "{\"option\":\"classless-static-routes\",\"value\":\"192.0.2.0/24 via 198.18.0.254\"},"
          + "{\"option\":\"domain-search\",\"value\":\"lab.test example.org\"},"
          + "{\"option\":\"150\",\"type\":\"ips\",\"value\":\"198.18.0.69,198.18.0.70\"}]}";

  @AfterEach
  void off() {
    admin()
        .body("{\"mode\":\"off\",\"subnets\":[],\"vendorBootFiles\":[]}")
        .put("/api/v1/dhcp")
        .then()
        .statusCode(200);
  }

  @Test
  void subnetOptionsAndVendorBootFilesAreCheckedStoredAndShownNormalised() {
    admin()
        .body(
            "{\"mode\":\"full\",\"subnets\":["
                + SUBNET
                + "],\"vendorBootFiles\":[{\"vendorClass\":\"U-Boot.armv8\","
                + "\"bootFile\":\"boot/arm64/boot.scr.uimg\"}]}")
        .put("/api/v1/dhcp")
        .then()
        .statusCode(200)
        .body("subnets[0].options[0].option", equalTo("mtu"))
        .body("subnets[0].options[0].value", equalTo("1500"))
        .body("subnets[0].options[1].option", equalTo("ntp-servers"))
        .body("subnets[0].options[1].always", equalTo(true))
        .body("subnets[0].options[3].value", equalTo("lab.test, example.org"))
        .body("subnets[0].options[4].option", equalTo("150"))
        .body("subnets[0].options[4].type", equalTo("ips"))
        .body("subnets[0].options[4].value", equalTo("198.18.0.69, 198.18.0.70"))
        .body("vendorBootFiles[0].vendorClass", equalTo("U-Boot.armv8"));
    // Only the mode changes: options and vendor boot files stay.
    admin()
        .body("{\"mode\":\"full\"}")
        .put("/api/v1/dhcp")
        .then()
        .statusCode(200)
        .body("subnets[0].options.size()", equalTo(5))
        .body("vendorBootFiles[0].bootFile", equalTo("boot/arm64/boot.scr.uimg"));

    // The explain view: the subnet's options, the host's override, where each comes from.
    String mac = uniqueMac();
    admin()
        .body(
            Map.of(
                "ip",
                "198.18.0.40",
                "dhcpOptions",
                List.of(Map.of("option", "mtu", "value", "9000"))))
        .put("/api/v1/hosts/" + mac)
        .then()
        .statusCode(201);
    given()
        .queryParam("mac", mac)
        .get("/api/v1/boot/explain")
        .then()
        .statusCode(200)
        .body("dhcpOffer.subnet", equalTo("198.18.0.0/24"))
        .body("dhcpOffer.nextServer", equalTo("198.18.0.1"))
        .body("dhcpOffer.options.find { it.option == 'mtu (26)' }.value", equalTo("9000"))
        .body("dhcpOffer.options.find { it.option == 'mtu (26)' }.source", equalTo("host"))
        .body("dhcpOffer.options.find { it.option == 'ntp-servers (42)' }.sent", equalTo("always"))
        .body("dhcpOffer.options.find { it.option == 'option 150' }.sent", equalTo("when asked"))
        .body(
            "dhcpOffer.options.find { it.option == 'classless-static-routes (121)' }.value",
            equalTo("192.0.2.0/24 via 198.18.0.254"));
  }

  @Test
  void badOptionsAreRefusedNamingTheField() {
    refused(
        "{\"mode\":\"full\",\"subnets\":[{\"subnet\":\"198.18.0.0/24\","
            + "\"range\":\"198.18.0.100-198.18.0.199\","
            + "\"options\":[{\"option\":\"mtu\",\"value\":\"big\"}]}]}",
        "subnets[0].options[0].value: 'big' is not a whole number");
    refused(
        "{\"mode\":\"full\",\"subnets\":[{\"subnet\":\"198.18.0.0/24\","
            + "\"range\":\"198.18.0.100-198.18.0.199\","
            + "\"options\":[{\"option\":\"200\",\"value\":\"1\"}]}]}",
        "subnets[0].options[0].type is required for option 200");
    refused(
        "{\"mode\":\"off\",\"vendorBootFiles\":[{\"vendorClass\":\"PXEClient\","
            + "\"bootFile\":\"x\"}]}",
        "vendorBootFiles[0].vendorClass: PXE and HTTP Boot clients");
  }

  static void refused(String body, String message) {
    admin()
        .body(body)
        .put("/api/v1/dhcp")
        .then()
        .statusCode(400)
        .body("detail", containsString(message));
  }

  @Test
  void hostOptionsAreCheckedStoredAndExported() {
    String mac = uniqueMac();
    admin()
        .body(
            Map.of(
                "dhcpOptions",
                List.of(
                    Map.of("option", "ntp-servers", "value", "198.18.0.9"),
                    Map.of("option", "224", "type", "hex", "value", "DE AD"))))
        .put("/api/v1/hosts/" + mac)
        .then()
        .statusCode(201)
        .body("dhcpOptions[0].option", equalTo("ntp-servers"))
        .body("dhcpOptions[1].value", equalTo("de:ad"));
    admin()
        .get("/api/v1/inventory")
        .then()
        .statusCode(200)
        .body("hosts.find { it.mac == '" + mac + "' }.dhcpOptions[1].type", equalTo("hex"));
    admin()
        .body(Map.of("dhcpOptions", List.of(Map.of("option", "53", "type", "u8", "value", "1"))))
        .put("/api/v1/hosts/" + mac)
        .then()
        .statusCode(400)
        .body("detail", containsString("dhcpOptions[0].option 53 cannot be set"));
    // A PUT without options clears them (it replaces the whole configuration).
    admin()
        .body(Map.of("notes", "no options"))
        .put("/api/v1/hosts/" + mac)
        .then()
        .statusCode(200)
        .body("dhcpOptions", nullValue());
    given()
        .queryParam("mac", mac)
        .get("/api/v1/boot/explain")
        .then()
        .statusCode(200)
        .body("dhcpOffer", nullValue());
  }

  @Test
  void hostOptionsComeInThroughTheInventoryImportAllOrNothing() {
    String mac = uniqueMac();
    String other = uniqueMac();
    Map<String, Object> bad =
        Map.of(
            "format",
            "bootkeeper-inventory",
            "version",
            1,
            "hosts",
            List.of(
                Map.of(
                    "mac", mac, "dhcpOptions", List.of(Map.of("option", "mtu", "value", "1500"))),
                Map.of(
                    "mac",
                    other,
                    "dhcpOptions",
                    List.of(Map.of("option", "150", "type", "ip", "value", "nope")))));
    admin()
        .body(bad)
        .post("/api/v1/inventory")
        .then()
        .statusCode(400)
        .body("detail", containsString("hosts[1]"))
        .body("detail", containsString("dhcpOptions[0].value"));
    given().get("/api/v1/hosts/" + mac).then().statusCode(404);
    Map<String, Object> good =
        Map.of(
            "format",
            "bootkeeper-inventory",
            "version",
            1,
            "hosts",
            List.of(
                Map.of(
                    "mac", mac, "dhcpOptions", List.of(Map.of("option", "26", "value", "1500")))));
    admin().body(good).post("/api/v1/inventory").then().statusCode(200);
    given()
        .get("/api/v1/hosts/" + mac)
        .then()
        .statusCode(200)
        .body("dhcpOptions[0].option", equalTo("mtu"))
        .body("dhcpOptions[0].value", equalTo("1500"));
  }
}
