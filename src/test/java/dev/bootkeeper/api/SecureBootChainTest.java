package dev.bootkeeper.api;

import static dev.bootkeeper.api.ApiTestSupport.admin;
import static dev.bootkeeper.api.ApiTestSupport.unique;
import static dev.bootkeeper.api.ApiTestSupport.uniqueMac;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which x86-64 UEFI machines get the Secure Boot chain (shim, then signed GRUB): the host record,
 * then the labels in {@code bootkeeper.dhcp.loader.secure-boot-labels} (the test profile sets
 * {@code secureboot}), then the profile, then the default (iPXE). Read from the explain view, whose
 * boot file per firmware comes from the same code as the DHCP answer.
 */
@QuarkusTest
class SecureBootChainTest {

  private static String profile(String uefiChain) {
    String name = unique("sb");
    Map<String, Object> body =
        new java.util.HashMap<>(
            Map.of(
                "name",
                name,
                "kind",
                "linux",
                "kernel",
                "k/vmlinuz",
                "initrds",
                List.of("k/initrd.img")));
    if (uefiChain != null) {
      body.put("uefiChain", uefiChain);
    }
    admin().body(body).post("/api/v1/profiles").then().statusCode(201);
    return name;
  }

  private static void host(String mac, Map<String, Object> body) {
    admin().body(body).put("/api/v1/hosts/" + mac).then().statusCode(201);
  }

  private static io.restassured.response.ValidatableResponse explain(String mac) {
    return given().queryParam("mac", mac).get("/api/v1/boot/explain").then().statusCode(200);
  }

  @Test
  void byDefaultUefiMachinesGetIpxe() {
    explain(uniqueMac())
        .body("uefiChain", equalTo("ipxe"))
        .body("dhcpBootFile.uefi-x64", equalTo("snponly.efi"))
        .body("uefiChainReason", containsString("default"));
  }

  @Test
  void aHostRecordPutsItsMachineOnTheSecureBootChain() {
    String mac = uniqueMac();
    host(mac, Map.of("profile", profile(null), "uefiChain", "secure-boot"));
    explain(mac)
        .body("uefiChain", equalTo("secure-boot"))
        .body("uefiChainReason", equalTo("chosen on the host record"))
        .body("dhcpBootFile.uefi-x64", equalTo("shimx64.efi"))
        .body("dhcpBootFile.uefi-http", containsString("/images/shimx64.efi"))
        // BIOS and iPXE are not concerned.
        .body("dhcpBootFile.bios", equalTo("pxelinux.0"));
    given().get("/api/v1/hosts/" + mac).then().body("uefiChain", equalTo("secure-boot"));
  }

  @Test
  void aSecureBootLabelOrTheProfileChooses() {
    String labelled = uniqueMac();
    host(labelled, Map.of("profile", profile("ipxe"), "labels", Map.of("secureboot", "yes")));
    explain(labelled)
        .body("uefiChain", equalTo("secure-boot"))
        .body("uefiChainReason", containsString("'secureboot'"));

    String byProfile = uniqueMac();
    String sbProfile = profile("secure-boot");
    host(byProfile, Map.of("profile", sbProfile));
    explain(byProfile)
        .body("uefiChain", equalTo("secure-boot"))
        .body("uefiChainReason", equalTo("chosen by its profile '" + sbProfile + "'"));
    given().get("/api/v1/profiles/" + sbProfile).then().body("uefiChain", equalTo("secure-boot"));

    String hostSaysIpxe = uniqueMac();
    host(hostSaysIpxe, Map.of("profile", sbProfile, "uefiChain", "ipxe"));
    explain(hostSaysIpxe).body("dhcpBootFile.uefi-x64", equalTo("snponly.efi"));
  }

  @Test
  void anUnknownChainIsRefusedWithTheValuesThatWork() {
    admin()
        .body(Map.of("uefiChain", "shim"))
        .put("/api/v1/hosts/" + uniqueMac())
        .then()
        .statusCode(400)
        .body("detail", containsString("uefiChain 'shim' is not one of ipxe, secure-boot"));
    admin()
        .body(Map.of("name", unique("bad"), "kind", "local", "uefiChain", "secureboot"))
        .post("/api/v1/profiles")
        .then()
        .statusCode(400)
        .body("detail", containsString("uefiChain 'secureboot'"));
  }
}
