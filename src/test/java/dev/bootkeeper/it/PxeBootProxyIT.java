package dev.bootkeeper.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bootkeeper.it.PxeGuest.Firmware;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Case 6: proxy mode. A plain dnsmasq is the network's DHCP server and knows nothing of network
 * boot; the appliance in proxyDHCP mode adds the boot information (port 67 offers, and the UEFI
 * firmware's request to port 4011). A BIOS machine with the iPXE ROM and a UEFI machine with the
 * firmware's own PXE client boot side by side.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PxeBootProxyIT {

  static final String RUN =
      HexFormat.of().formatHex(new java.security.SecureRandom().generateSeed(3));
  static final String TOKEN_BIOS = "proxy-bios-" + RUN;
  static final String TOKEN_UEFI = "proxy-uefi-" + RUN;

  static PxeRig rig;
  static PxeGuest bios;
  static PxeGuest uefi;

  @BeforeAll
  static void bootBothBesideDnsmasq() throws Exception {
    Shell.require("/usr/sbin/dnsmasq", "dnsmasq-base");
    rig = PxeRig.create("proxy", 12);
    BootLan lan = rig.lan;
    lan.addServer("dns0", lan.address(2));
    Path log = rig.dir.resolve("dnsmasq.log");
    Process dnsmasq =
        new ProcessBuilder(
                lan.inLan(
                    List.of(
                        "/usr/sbin/dnsmasq",
                        "--no-daemon",
                        "--conf-file=/dev/null",
                        "--port=0",
                        "--interface=dns0",
                        "--bind-interfaces",
                        "--dhcp-range=" + lan.address(100) + "," + lan.address(199) + ",1h",
                        "--dhcp-leasefile=" + rig.dir.resolve("dnsmasq.leases"),
                        "--log-dhcp")))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    rig.keep("dnsmasq", dnsmasq, log);
    rig.startAppliance(Map.of("bootkeeper.dhcp.mode", "proxy", "bootkeeper.dhcp.interface", "bk0"));
    rig.linuxProfile("e2e-proxy-bios", TOKEN_BIOS, Map.of());
    rig.linuxProfile("e2e-proxy-uefi", TOKEN_UEFI, Map.of());
    String macBios = rig.mac();
    String macUefi = rig.mac();
    rig.host(macBios, "e2e-proxy-bios", null);
    rig.host(macUefi, "e2e-proxy-uefi", null);
    bios = rig.guest("bios", macBios, Firmware.BIOS_IPXE_ROM);
    uefi = rig.guest("uefi", macUefi, Firmware.UEFI_PXE);
  }

  @AfterAll
  static void tearDown() {
    if (rig != null) {
      rig.close();
    }
  }

  @Test
  @Order(1)
  void aBiosMachineBootsWithItsAddressFromDnsmasq() throws Exception {
    PxeGuest.Outcome o = rig.boot("case 6: proxy mode, BIOS iPXE ROM", bios);
    assertEquals(TOKEN_BIOS, o.token(), () -> rig.report(bios));
    assertAddressFromDnsmasq(bios);
    // The proxy never sees which address dnsmasq gave an iPXE ROM, so the trace can name the
    // machine only where the request says who it is: the offer and the script URL.
    expectSteps(
        bios.mac,
        List.of(
            Timeline.step("DHCP", "offer", "OK", "/boot/" + bios.mac + ".ipxe"),
            Timeline.step("HTTP", "http-get", "OK", ".ipxe -> 200")));
  }

  @Test
  @Order(2)
  void aUefiMachineAsksThePxePortAndBootsSnponly() throws Exception {
    PxeGuest.Outcome o = rig.boot("case 6: proxy mode, UEFI PXE -> snponly.efi", uefi);
    assertEquals(TOKEN_UEFI, o.token(), () -> rig.report(uefi));
    assertAddressFromDnsmasq(uefi);
    expectSteps(
        uefi.mac,
        List.of(
            Timeline.step("DHCP", "offer", "OK"),
            Timeline.step("TFTP", "transfer-finished", "OK", "snponly.efi:"),
            Timeline.step("HTTP", "http-get", "OK", ".ipxe -> 200"),
            Timeline.step("HTTP", "http-get", "OK", "/images/" + BootArtifacts.STAGE3)));
  }

  /** The address the guest's initramfs got is one of dnsmasq's leases for that MAC. */
  private static void assertAddressFromDnsmasq(PxeGuest g) throws Exception {
    String ip = g.address();
    String leases = Files.readString(rig.dir.resolve("dnsmasq.leases"));
    assertTrue(
        leases.lines().anyMatch(l -> l.contains(" " + g.mac + " " + ip + " ")),
        () -> "the guest's address " + ip + " is dnsmasq's lease for " + g.mac + ":\n" + leases);
  }

  private static void expectSteps(String mac, List<Timeline.Step> steps) throws Exception {
    List<JsonNode> events = rig.eventsWhen(mac, e -> Timeline.missing(e, steps).isEmpty());
    assertEquals(
        List.of(),
        Timeline.missing(events, steps),
        () -> "steps missing from the boot trace:\n" + PxeRig.timeline(events));
  }
}
