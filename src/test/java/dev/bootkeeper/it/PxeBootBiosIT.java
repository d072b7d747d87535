package dev.bootkeeper.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bootkeeper.it.PxeGuest.Firmware;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Real BIOS network boots of QEMU machines through the appliance in full DHCP mode: SeaBIOS with
 * QEMU's iPXE option ROM, then pxelinux over TFTP or iPXE over HTTP, the test kernel and initramfs,
 * and a stage-3 download checked by SHA-256. The first boot of every case starts at once (the
 * machines run side by side); each test then checks its own machines.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PxeBootBiosIT {

  /**
   * QEMU's option ROM is iPXE, so the appliance hands it the machine's iPXE script. A profile that
   * wants pxelinux says so in its own iPXE template: chain pxelinux.0 over TFTP with option 210
   * (path prefix) pointing at the appliance, and pxelinux then asks for {@code
   * pxelinux.cfg/01-<mac>}, rendered from the same profile.
   */
  static final Map<String, String> VIA_PXELINUX =
      Map.of("ipxe", "#!ipxe\nset 210:string tftp://{server}/\nchain tftp://{server}/pxelinux.0\n");

  static final String RUN =
      HexFormat.of().formatHex(new java.security.SecureRandom().generateSeed(3));
  static final String TOKEN_A = "alpha-" + RUN;
  static final String TOKEN_B = "bravo-" + RUN;
  static final String TOKEN_DEFAULT = "default-" + RUN;
  static final String TOKEN_HTTP = "http-" + RUN;
  static final String TOKEN_ONCE = "once-" + RUN;

  static PxeRig rig;
  static PxeGuest hostA;
  static PxeGuest hostB;
  static PxeGuest unknown;
  static PxeGuest viaHttp;
  static PxeGuest oneShot;

  @BeforeAll
  static void bootEveryCaseAtOnce() throws Exception {
    rig = PxeRig.create("bios", 10);
    rig.startAppliance(rig.fullDhcp());
    rig.linuxProfile("e2e-a", TOKEN_A, VIA_PXELINUX);
    rig.linuxProfile("e2e-b", TOKEN_B, VIA_PXELINUX);
    rig.linuxProfile("e2e-default", TOKEN_DEFAULT, VIA_PXELINUX);
    rig.linuxProfile("e2e-http", TOKEN_HTTP, Map.of());
    rig.linuxProfile("e2e-once", TOKEN_ONCE, VIA_PXELINUX);
    rig.ok("PUT", "/api/v1/settings", "{\"defaultProfile\":\"e2e-default\"}");
    String macA = rig.mac();
    String macB = rig.mac();
    String macHttp = rig.mac();
    String macOnce = rig.mac();
    rig.host(macA, "e2e-a", null);
    rig.host(macB, "e2e-b", null);
    rig.host(macHttp, "e2e-http", null);
    rig.host(macOnce, "e2e-a", "e2e-once");
    hostA = rig.guest("a", macA, Firmware.BIOS_IPXE_ROM);
    hostB = rig.guest("b", macB, Firmware.BIOS_IPXE_ROM);
    unknown = rig.guest("unknown", rig.mac(), Firmware.BIOS_IPXE_ROM);
    viaHttp = rig.guest("http", macHttp, Firmware.BIOS_IPXE_ROM);
    oneShot = rig.guest("once-1", macOnce, Firmware.BIOS_IPXE_ROM);
  }

  @AfterAll
  static void tearDown() {
    if (rig != null) {
      rig.close();
    }
  }

  /** Case 1: iPXE ROM, pxelinux over TFTP, the host's own profile, stage 3 over HTTP. */
  @Test
  @Order(1)
  void aHostBootsItsProfileThroughPxelinux() throws Exception {
    PxeGuest.Outcome o = rig.boot("case 1: pxelinux over TFTP, host profile", hostA);
    assertEquals(TOKEN_A, o.token(), () -> rig.report(hostA));
    // pxelinux, not iPXE, started this kernel: its SYSAPPEND 2 adds BOOTIF=01-<mac>.
    assertTrue(
        o.cmdline().contains("bk_token=" + TOKEN_A)
            && o.cmdline().contains("BOOTIF=01-" + hostA.mac.replace(':', '-')),
        () -> "kernel command line on the console: " + o.cmdline() + rig.report(hostA));
  }

  /** Case 2: a second host gets its own profile, and a machine nobody configured the default. */
  @Test
  @Order(2)
  void anotherHostGetsItsOwnProfileAndAnUnknownMachineTheDefault() throws Exception {
    PxeGuest.Outcome b = rig.boot("case 2: pxelinux, another host's profile", hostB);
    PxeGuest.Outcome u = rig.boot("case 2: pxelinux, unknown MAC (default profile)", unknown);
    assertEquals(TOKEN_B, b.token(), () -> rig.report(hostB));
    assertEquals(TOKEN_DEFAULT, u.token(), () -> rig.report(unknown));
    JsonNode seen = rig.ok("GET", "/api/v1/hosts/" + unknown.mac, null);
    assertTrue(seen.path("discovered").asBoolean(), () -> "recorded as discovered: " + seen);
  }

  /** Case 7: the boot trace of case 1 shows every step, in order. */
  @Test
  @Order(3)
  void theTimelineShowsEveryStepOfThePxelinuxBoot() throws Exception {
    rig.boot("case 1: pxelinux over TFTP, host profile", hostA);
    String mac = hostA.mac;
    String cfg = "pxelinux.cfg/01-" + mac.replace(':', '-');
    List<Timeline.Step> steps =
        List.of(
            Timeline.step("DHCP", "discover", null),
            Timeline.step("DHCP", "offer", "OK"),
            Timeline.step("DHCP", "request", null),
            Timeline.step("DHCP", "ack", "OK"),
            Timeline.step("HTTP", "http-get", "OK", "/boot/"),
            Timeline.step("TFTP", "transfer-finished", "OK", "pxelinux.0:"),
            Timeline.step("TFTP", "transfer-finished", "OK", "ldlinux.c32:"),
            Timeline.step("TFTP", "transfer-finished", "OK", cfg + ":"),
            Timeline.step("TFTP", "transfer-finished", "OK", "guest/vmlinuz:"),
            Timeline.step("TFTP", "transfer-finished", "OK", "guest/initrd.img:"),
            Timeline.step("HTTP", "http-get", "OK", "/images/" + BootArtifacts.STAGE3));
    List<JsonNode> events = rig.eventsWhen(mac, e -> Timeline.missing(e, steps).isEmpty());
    System.out.println("[e2e] case 7: boot trace of " + mac + ":\n" + PxeRig.timeline(events));
    assertEquals(
        List.of(),
        Timeline.missing(events, steps),
        () -> "steps missing from the boot trace, in order:\n" + PxeRig.timeline(events));
    assertEquals(
        List.of(),
        events.stream().filter(e -> e.path("outcome").asText().equals("FAILED")).toList(),
        () -> "a boot that worked shows no failed step:\n" + PxeRig.timeline(events));
  }

  /**
   * Case 4: the iPXE ROM gets its script over HTTP, and iPXE fetches kernel and initrd over HTTP.
   */
  @Test
  @Order(4)
  void iPxeBootsTheKernelOverHttp() throws Exception {
    PxeGuest.Outcome o = rig.boot("case 4: iPXE script, kernel over HTTP", viaHttp);
    assertEquals(TOKEN_HTTP, o.token(), () -> rig.report(viaHttp));
    String mac = viaHttp.mac;
    List<Timeline.Step> steps =
        List.of(
            Timeline.step("DHCP", "ack", "OK", "/boot/" + mac + ".ipxe"),
            Timeline.step("HTTP", "http-get", "OK", ".ipxe -> 200"),
            Timeline.step("HTTP", "http-get", "OK", "/images/guest/vmlinuz -> 200"),
            Timeline.step("HTTP", "http-get", "OK", "/images/guest/initrd.img -> 200"),
            Timeline.step("HTTP", "http-get", "OK", "/images/" + BootArtifacts.STAGE3));
    List<JsonNode> events = rig.eventsWhen(mac, e -> Timeline.missing(e, steps).isEmpty());
    assertEquals(
        List.of(),
        Timeline.missing(events, steps),
        () -> "HTTP steps missing from the boot trace:\n" + PxeRig.timeline(events));
    assertFalse(
        events.stream().anyMatch(e -> e.path("protocol").asText().equals("TFTP")),
        () -> "nothing over TFTP:\n" + PxeRig.timeline(events));
  }

  /**
   * Case 3: a one-shot next boot is used by one boot; the boot after it is the host's own profile.
   * The appliance keeps serving the one-shot profile to the same machine for a grace period after
   * the first fetch of its config (one boot fetches it more than once), so the second boot starts
   * when the API no longer reports the one-shot as in use.
   */
  @Test
  @Order(5)
  void aOneShotNextBootIsUsedOnce() throws Exception {
    PxeGuest.Outcome first = rig.boot("case 3: one-shot next boot", oneShot);
    assertEquals(TOKEN_ONCE, first.token(), () -> rig.report(oneShot));
    String mac = oneShot.mac;
    JsonNode host = rig.ok("GET", "/api/v1/hosts/" + mac, null);
    assertTrue(
        host.path("nextBootProfile").isMissingNode() || host.path("nextBootProfile").isNull(),
        () -> "the one-shot is cleared once used: " + host);
    long t0 = System.nanoTime();
    JsonNode why = rig.ok("GET", "/api/v1/boot/explain?mac=" + mac, null);
    while (why.path("rule").asText().equals("NEXT_BOOT")
        && System.nanoTime() - t0 < Duration.ofMinutes(5).toNanos()) {
      Thread.sleep(2000);
      why = rig.ok("GET", "/api/v1/boot/explain?mac=" + mac, null);
    }
    System.out.printf(
        "[e2e] case 3: waited %.0f s until the API said the next boot is %s (%s)%n",
        (System.nanoTime() - t0) / 1e9, why.path("profile").asText(), why.path("rule").asText());
    assertEquals("e2e-a", why.path("profile").asText(), why.toString());
    PxeGuest again = rig.guest("once-2", mac, Firmware.BIOS_IPXE_ROM);
    PxeGuest.Outcome second = rig.boot("case 3: the boot after the one-shot", again);
    assertEquals(TOKEN_A, second.token(), () -> rig.report(again));
  }
}
