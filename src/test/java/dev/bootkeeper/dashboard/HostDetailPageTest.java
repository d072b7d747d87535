package dev.bootkeeper.dashboard;

import static dev.bootkeeper.dashboard.DashboardTestSupport.admin;
import static dev.bootkeeper.dashboard.DashboardTestSupport.uniqueMac;
import static dev.bootkeeper.dashboard.DashboardTestSupport.viewer;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bootkeeper.api.ApiTestSupport;
import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.BootEvent.Outcome;
import dev.bootkeeper.boot.BootEvent.Protocol;
import dev.bootkeeper.boot.BootEventRecorder;
import dev.bootkeeper.boot.BootStep;
import dev.bootkeeper.store.Host;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HostDetailPageTest {

  @Inject BootEventRecorder recorder;

  @Test
  void drawsTheLastBootDiagnosesItAndPreviewsWhatItBoots() {
    String mac = uniqueMac();
    Instant t = Instant.now().minusSeconds(600);
    recorder.publish(
        new BootEvent(
            t,
            mac,
            null,
            null,
            Protocol.DHCP,
            BootStep.DHCP_DISCOVER,
            Outcome.INFO,
            null,
            "BIOS PXE",
            null));
    recorder.publish(
        new BootEvent(
            t.plusMillis(300),
            mac,
            null,
            null,
            Protocol.DHCP,
            BootStep.DHCP_OFFER,
            Outcome.OK,
            null,
            "boot file pxelinux.0",
            null));
    recorder.awaitStored(Duration.ofSeconds(10));
    admin()
        .get()
        .get("/hosts/" + mac)
        .then()
        .statusCode(200)
        .body(
            allOf(
                containsString("Boot timeline"),
                containsString("tl-row"),
                containsString("+300 ms"),
                containsString("got an offer but never asked for its boot file over TFTP"),
                containsString("What it boots now"),
                containsString("local-disk"),
                containsString("BIOS PXE"),
                containsString("pxelinux.0"),
                containsString("id=\"cfg-ipxe\""),
                containsString("#!ipxe")));
  }

  /**
   * A machine that boots from its local disk was given a one-shot rescue profile: its boot is
   * judged by the profile its DHCP answer named, not by today's.
   */
  @Test
  void aBootIsJudgedByTheProfileItWasGiven() {
    String mac = uniqueMac();
    String rescue = DashboardTestSupport.unique("rescue");
    ApiTestSupport.admin()
        .body(
            Map.of(
                "name", rescue,
                "kind", "linux",
                "kernel", "rescue/vmlinuz",
                "initrds", List.of("rescue/initrd.img"),
                "cmdline", "quiet"))
        .post("/api/v1/profiles")
        .then()
        .statusCode(201);
    Instant t = Instant.now().minusSeconds(300);
    recorder.publish(
        new BootEvent(
            t,
            mac,
            null,
            null,
            Protocol.DHCP,
            BootStep.DHCP_DISCOVER,
            Outcome.INFO,
            null,
            "BIOS PXE",
            null));
    recorder.publish(
        new BootEvent(
                t.plusMillis(200),
                mac,
                null,
                null,
                Protocol.DHCP,
                BootStep.DHCP_OFFER,
                Outcome.OK,
                null,
                "boot file pxelinux.0",
                null)
            .with(BootEvent.Facts.file("pxelinux.0").withProfile(rescue)));
    String[] files = {"pxelinux.0", "pxelinux.cfg/01-" + mac.replace(':', '-'), "rescue/vmlinuz"};
    for (int i = 0; i < files.length; i++) {
      recorder.publish(
          new BootEvent(
                  t.plusSeconds(1 + i),
                  mac,
                  null,
                  null,
                  Protocol.TFTP,
                  BootStep.TRANSFER_DONE,
                  Outcome.OK,
                  null,
                  files[i],
                  null)
              .with(BootEvent.Facts.file(files[i])));
    }
    recorder.awaitStored(Duration.ofSeconds(10));
    admin()
        .get()
        .get("/hosts/" + mac)
        .then()
        .statusCode(200)
        .body(
            allOf(
                containsString("of a boot with the profile <span class=\"mono\">" + rescue),
                containsString("It loaded the kernel but never its initrd."),
                not(containsString("It was told to boot from its local disk"))));
  }

  @Test
  void assignsAProfileToOneHost() {
    String mac = uniqueMac();
    admin()
        .form()
        .formParam("profile", "local-disk")
        .formParam("nextBoot", "")
        .post("/hosts/" + mac + "/assign")
        .then()
        .statusCode(303);
    QuarkusTransaction.requiringNew()
        .run(() -> assertEquals("local-disk", Host.byMac(mac).orElseThrow().profile.name));
    admin()
        .get()
        .get("/hosts/" + mac)
        .then()
        .body(containsString("the host record assigns profile"));
  }

  @Test
  void aBadMacIsAClearError() {
    admin()
        .get()
        .get("/hosts/not-a-mac")
        .then()
        .statusCode(400)
        .body(containsString("is not a MAC address"));
  }

  @Test
  void viewerMayLookButNotAssign() {
    String mac = uniqueMac();
    viewer().get().get("/hosts/" + mac).then().statusCode(200);
    viewer()
        .form()
        .formParam("profile", "local-disk")
        .post("/hosts/" + mac + "/assign")
        .then()
        .statusCode(403);
    admin()
        .get()
        .contentType("application/x-www-form-urlencoded")
        .formParam("profile", "local-disk")
        .post("/hosts/" + mac + "/assign")
        .then()
        .statusCode(403);
  }

  @Test
  void aSecureBootHostSaysWhichChainItGetsAndWhatItsProfileLacks() {
    String mac = uniqueMac();
    String profile = DashboardTestSupport.unique("sb");
    ApiTestSupport.admin()
        .body(
            Map.of(
                "name", profile,
                "kind", "linux",
                "kernel", "nowhere/vmlinuz",
                "uefiChain", "secure-boot"))
        .post("/api/v1/profiles")
        .then()
        .statusCode(201);
    ApiTestSupport.admin()
        .body(Map.of("profile", profile))
        .put("/api/v1/hosts/" + mac)
        .then()
        .statusCode(201);
    admin()
        .get()
        .get("/hosts/" + mac)
        .then()
        .statusCode(200)
        .body(
            allOf(
                containsString("boots through <strong>Secure Boot (shim, signed GRUB)</strong>"),
                containsString("chosen by its profile"),
                containsString("shimx64.efi"),
                containsString("kernel nowhere/vmlinuz is not in the images directory")));
    admin()
        .get()
        .get("/profiles/" + profile)
        .then()
        .statusCode(200)
        .body(containsString("<option value=\"secure-boot\" selected>"));
  }
}
