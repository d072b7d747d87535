package dev.bootkeeper.dashboard;

import static dev.bootkeeper.dashboard.DashboardTestSupport.admin;
import static dev.bootkeeper.dashboard.DashboardTestSupport.uniqueMac;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bootkeeper.dhcp.DhcpControl;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * DHCP options on the Settings page (per subnet, boot files by vendor class) and on a host's page
 * (its own options and what full DHCP would offer it), checked by the same rules as the API.
 */
@QuarkusTest
class DhcpOptionsPageTest {

  @Inject DhcpControl dhcp;

  @AfterEach
  void off() {
    admin()
        .form()
        .formParam("mode", "off")
        .formParam("subnet", "")
        .formParam("vendorBootFiles", "")
        .post("/settings/dhcp")
        .then()
        .statusCode(303);
  }

  @Test
  void subnetOptionsAndVendorBootFilesAreSavedFromTheSettingsPage() {
    admin()
        .form()
        .formParam("mode", "proxy")
        .formParam("subnet", "198.18.0.0/24")
        .formParam("rangeStart", "198.18.0.100")
        .formParam("rangeEnd", "198.18.0.200")
        .formParam("router", "")
        .formParam("dns", "")
        .formParam("domain", "")
        .formParam("options", "mtu = 1400\nalways ntp-servers = 198.18.0.1\n150 ip = 198.18.0.5")
        .formParam("vendorBootFiles", "U-Boot.armv8 = boot/arm64/boot.scr.uimg")
        .post("/settings/dhcp")
        .then()
        .statusCode(303);
    assertEquals(3, dhcp.network().subnets().get(0).options().size());
    assertEquals("boot/arm64/boot.scr.uimg", dhcp.network().vendorBootFiles().get(0).bootFile());
    admin()
        .get()
        .get("/settings")
        .then()
        .statusCode(200)
        .body(
            allOf(
                containsString("mtu = 1400"),
                containsString("always ntp-servers = 198.18.0.1"),
                containsString("150 ip = 198.18.0.5"),
                containsString("U-Boot.armv8 = boot/arm64/boot.scr.uimg")));
  }

  @Test
  void aBadOptionIsRefusedWithTheApisMessageAndTheTextKept() {
    admin()
        .form()
        .formParam("mode", "proxy")
        .formParam("subnet", "198.18.0.0/24")
        .formParam("rangeStart", "198.18.0.100")
        .formParam("rangeEnd", "198.18.0.200")
        .formParam("options", "mtu = huge")
        .formParam("vendorBootFiles", "U-Boot.armv7 = boot/v7.scr")
        .post("/settings/dhcp")
        .then()
        .statusCode(400)
        .body(
            allOf(
                containsString("Subnets[0].options[0].value: &#39;huge&#39; is not a whole number"),
                containsString("mtu = huge"),
                containsString("U-Boot.armv7 = boot/v7.scr")));
  }

  @Test
  void aHostsOwnOptionsAreSavedAndItsOfferShown() {
    admin()
        .form()
        .formParam("mode", "full")
        .formParam("subnet", "198.18.0.0/24")
        .formParam("rangeStart", "198.18.0.100")
        .formParam("rangeEnd", "198.18.0.200")
        .formParam("router", "198.18.0.1")
        .formParam("options", "mtu = 1500")
        .formParam("confirm", "ENABLE")
        .post("/settings/dhcp")
        .then()
        .statusCode(303);
    String mac = uniqueMac();
    admin()
        .form()
        .formParam("options", "mtu = 9000\n224 string = rack 7")
        .post("/hosts/" + mac + "/dhcp-options")
        .then()
        .statusCode(303);
    admin()
        .get()
        .get("/hosts/" + mac)
        .then()
        .statusCode(200)
        .body(
            allOf(
                containsString("224 string = rack 7"),
                containsString("198.18.0.0/24"),
                containsString(
                    "<td class=\"nowrap\">mtu (26)</td><td class=\"mono small break\">9000</td><td class=\"small\">host</td>")));
    admin()
        .form()
        .formParam("options", "53 u8 = 1")
        .post("/hosts/" + mac + "/dhcp-options")
        .then()
        .statusCode(400)
        .body(containsString("ptions[0].option 53 cannot be set"));
  }
}
