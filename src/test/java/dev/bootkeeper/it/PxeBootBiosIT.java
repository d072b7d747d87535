package dev.bootkeeper.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bootkeeper.it.PxeGuest.Firmware;
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
 * and a stage-3 download checked by SHA-256.
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

  static PxeRig rig;
  static final String RUN =
      HexFormat.of().formatHex(new java.security.SecureRandom().generateSeed(3));
  static final String TOKEN_A = "alpha-" + RUN;
  static final String TOKEN_B = "bravo-" + RUN;
  static final String TOKEN_DEFAULT = "default-" + RUN;
  static final String TOKEN_HTTP = "http-" + RUN;
  static String macA;

  @BeforeAll
  static void setUp() throws Exception {
    rig = PxeRig.create("bios", 10);
    rig.startAppliance(rig.fullDhcp());
    rig.linuxProfile("e2e-a", TOKEN_A, VIA_PXELINUX);
    rig.linuxProfile("e2e-b", TOKEN_B, VIA_PXELINUX);
    rig.linuxProfile("e2e-default", TOKEN_DEFAULT, VIA_PXELINUX);
    rig.linuxProfile("e2e-http", TOKEN_HTTP, Map.of());
    rig.ok("PUT", "/api/v1/settings", "{\"defaultProfile\":\"e2e-default\"}");
  }

  @AfterAll
  static void tearDown() {
    if (rig != null) {
      rig.close();
    }
  }

  /** Cases 1 and 2: two hosts with their own profiles and one unknown machine, side by side. */
  @Test
  @Order(1)
  void eachMachineBootsItsOwnProfileThroughPxelinuxAndAnUnknownOneTheDefault() throws Exception {
    macA = rig.mac();
    String macB = rig.mac();
    String macUnknown = rig.mac();
    rig.host(macA, "e2e-a", null);
    rig.host(macB, "e2e-b", null);
    PxeGuest a = rig.guest("a", macA, Firmware.BIOS_IPXE_ROM);
    PxeGuest b = rig.guest("b", macB, Firmware.BIOS_IPXE_ROM);
    PxeGuest u = rig.guest("unknown", macUnknown, Firmware.BIOS_IPXE_ROM);
    PxeGuest.Outcome oa = a.await(PxeRig.BOOT_DEADLINE);
    PxeGuest.Outcome ob = b.await(PxeRig.BOOT_DEADLINE);
    PxeGuest.Outcome ou = u.await(PxeRig.BOOT_DEADLINE);
    PxeRig.printBoot("pxelinux over TFTP, host profile e2e-a", a, oa);
    PxeRig.printBoot("pxelinux over TFTP, host profile e2e-b", b, ob);
    PxeRig.printBoot("pxelinux over TFTP, unknown MAC (default)", u, ou);
    for (PxeGuest.Outcome o : List.of(oa, ob, ou)) {
      assertTrue(o.ok(), () -> o.result() + rig.report(a, b, u));
    }
    assertEquals(TOKEN_A, oa.token(), () -> rig.report(a));
    assertEquals(TOKEN_B, ob.token(), () -> rig.report(b));
    assertEquals(TOKEN_DEFAULT, ou.token(), () -> rig.report(u));
    // pxelinux, not iPXE, started the kernel: its SYSAPPEND 2 adds BOOTIF=01-<mac>.
    assertTrue(
        oa.cmdline().contains("bk_token=" + TOKEN_A)
            && oa.cmdline().contains("BOOTIF=01-" + macA.replace(':', '-')),
        () -> "kernel command line on the console: " + oa.cmdline() + rig.report(a));
  }

  /** Case 7: the boot trace of case 1 shows every step. */
  @Test
  @Order(2)
  void theTimelineShowsEveryStepOfThePxelinuxBoot() throws Exception {
    List<JsonNode> events =
        rig.eventsWhen(macA, e -> PxeRig.timeline(e).contains("stage3/payload.bin"));
    String t = PxeRig.timeline(events);
    System.out.println("[e2e] boot trace of " + macA + ":\n" + t);
  }
}
