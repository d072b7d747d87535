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
 * Case 5: real UEFI network boots (OVMF) through the appliance in full DHCP mode. The firmware's
 * own PXE client gets {@code snponly.efi} (iPXE on the firmware's network driver), which fetches
 * the machine's iPXE script over HTTP; QEMU's iPXE EFI option ROM gets the script at once; with
 * {@code grubnetx64.efi} as the UEFI loader, GRUB boots the machine's rendered GRUB config.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PxeBootUefiIT {

  static final String RUN =
      HexFormat.of().formatHex(new java.security.SecureRandom().generateSeed(3));
  static final String TOKEN_SNP = "snp-" + RUN;
  static final String TOKEN_ROM = "efirom-" + RUN;
  static final String TOKEN_GRUB = "grub-" + RUN;
  static final String TOKEN_SECURE = "secure-" + RUN;

  static PxeRig rig;
  static PxeGuest snp;
  static PxeGuest rom;
  static PxeGuest secure;

  @BeforeAll
  static void bootTheIpxeCasesAtOnce() throws Exception {
    rig = PxeRig.create("uefi", 11);
    rig.startAppliance(rig.fullDhcp());
    rig.linuxProfile("e2e-snp", TOKEN_SNP, Map.of());
    rig.linuxProfile("e2e-efirom", TOKEN_ROM, Map.of());
    rig.linuxProfile("e2e-grub", TOKEN_GRUB, Map.of());
    rig.linuxProfile("e2e-secure", TOKEN_SECURE, Map.of());
    String macSnp = rig.mac();
    String macRom = rig.mac();
    rig.host(macSnp, "e2e-snp", null);
    rig.host(macRom, "e2e-efirom", null);
    snp = rig.guest("snp", macSnp, Firmware.UEFI_PXE);
    rom = rig.guest("efirom", macRom, Firmware.UEFI_IPXE_ROM);
  }

  @AfterAll
  static void tearDown() {
    if (rig != null) {
      rig.close();
    }
  }

  /** Firmware PXE -> snponly.efi over TFTP -> iPXE script over HTTP -> kernel with initrd=. */
  @Test
  @Order(1)
  void firmwarePxeChainsSnponlyAndBootsTheKernelOverHttp() throws Exception {
    PxeGuest.Outcome o = rig.boot("case 5: UEFI PXE -> snponly.efi -> iPXE", snp);
    assertEquals(TOKEN_SNP, o.token(), () -> rig.report(snp));
    // iPXE on EFI hands the initrd to the kernel's EFI stub as a file the command line names.
    assertTrue(
        o.cmdline().contains("initrd=initrd.img"),
        () -> "kernel command line: " + o.cmdline() + rig.report(snp));
    String mac = snp.mac;
    List<Timeline.Step> steps =
        List.of(
            Timeline.step("DHCP", "ack", "OK", "snponly.efi"),
            Timeline.step("TFTP", "transfer-finished", "OK", "snponly.efi:"),
            Timeline.step("DHCP", "ack", "OK", "/boot/" + mac + ".ipxe"),
            Timeline.step("HTTP", "http-get", "OK", ".ipxe -> 200"),
            Timeline.step("HTTP", "http-get", "OK", "/images/guest/vmlinuz -> 200"),
            Timeline.step("HTTP", "http-get", "OK", "/images/guest/initrd.img -> 200"),
            Timeline.step("HTTP", "http-get", "OK", "/images/" + BootArtifacts.STAGE3));
    List<JsonNode> events = rig.eventsWhen(mac, e -> Timeline.missing(e, steps).isEmpty());
    assertEquals(
        List.of(),
        Timeline.missing(events, steps),
        () -> "steps missing from the boot trace:\n" + PxeRig.timeline(events));
  }

  /** QEMU's iPXE EFI ROM is iPXE already: it gets its script over HTTP straight away. */
  @Test
  @Order(2)
  void anIpxeEfiRomGetsItsScriptAtOnce() throws Exception {
    PxeGuest.Outcome o = rig.boot("case 5: UEFI, iPXE EFI ROM", rom);
    assertEquals(TOKEN_ROM, o.token(), () -> rig.report(rom));
  }

  /** With GRUB as the UEFI loader: GRUB's grub/grub.cfg is the machine's own config. */
  @Test
  @Order(3)
  void grubBootsTheMachinesOwnConfig() throws Exception {
    snp.await(PxeRig.BOOT_DEADLINE);
    rom.await(PxeRig.BOOT_DEADLINE);
    Map<String, String> settings = rig.fullDhcp();
    settings.put("bootkeeper.dhcp.loader.efi-x64", "grubnetx64.efi");
    rig.startAppliance(settings);
    String mac = rig.mac();
    rig.host(mac, "e2e-grub", null);
    // The Secure Boot machine boots alongside (TCG boots are slow; they overlap).
    String secureMac = rig.mac();
    rig.host(secureMac, "e2e-secure", null, "secure-boot");
    secure = rig.guest("secure", secureMac, Firmware.UEFI_SECURE_BOOT);
    PxeGuest grub = rig.guest("grub", mac, Firmware.UEFI_PXE);
    PxeGuest.Outcome o = rig.boot("case 5: UEFI PXE -> grubnetx64.efi", grub);
    assertEquals(TOKEN_GRUB, o.token(), () -> rig.report(grub));
    List<Timeline.Step> steps =
        List.of(
            Timeline.step("DHCP", "ack", "OK", "grubnetx64.efi"),
            Timeline.step("TFTP", "transfer-finished", "OK", "grubnetx64.efi:"),
            // GRUB asks for its prefix's grub.cfg; the appliance knows the machine by its address
            // and serves the config rendered for it.
            Timeline.step("TFTP", "transfer-finished", "OK", "grub/grub.cfg:"),
            Timeline.step("TFTP", "transfer-finished", "OK", "guest/vmlinuz:"),
            Timeline.step("TFTP", "transfer-finished", "OK", "guest/initrd.img:"),
            Timeline.step("HTTP", "http-get", "OK", "/images/" + BootArtifacts.STAGE3));
    List<JsonNode> events = rig.eventsWhen(mac, e -> Timeline.missing(e, steps).isEmpty());
    assertEquals(
        List.of(),
        Timeline.missing(events, steps),
        () -> "steps missing from the boot trace:\n" + PxeRig.timeline(events));
  }

  /**
   * Secure Boot enforced, Microsoft's keys only: the firmware starts the Microsoft-signed shim,
   * shim the Debian-signed GRUB served as grubx64.efi beside it, GRUB the machine's config and the
   * Debian-signed kernel, all over TFTP. The kernel itself says Secure Boot was on.
   */
  @Test
  @Order(4)
  void aSecureBootMachineBootsThroughShimAndSignedGrub() throws Exception {
    PxeGuest.Outcome o = rig.boot("case 5: UEFI Secure Boot -> shim -> signed GRUB", secure);
    assertEquals(TOKEN_SECURE, o.token(), () -> rig.report(secure));
    assertTrue(
        secure.serialText().contains("Secure boot enabled"),
        () -> "the kernel did not report Secure Boot on:" + rig.report(secure));
    String mac = secure.mac;
    List<Timeline.Step> steps =
        List.of(
            Timeline.step("DHCP", "ack", "OK", "shimx64.efi"),
            Timeline.step("TFTP", "transfer-finished", "OK", "shimx64.efi:"),
            Timeline.step("TFTP", "transfer-finished", "OK", "grubx64.efi:"),
            Timeline.step("TFTP", "transfer-finished", "OK", "guest/vmlinuz:"),
            Timeline.step("TFTP", "transfer-finished", "OK", "guest/initrd.img:"),
            Timeline.step("HTTP", "http-get", "OK", "/images/" + BootArtifacts.STAGE3));
    List<JsonNode> events = rig.eventsWhen(mac, e -> Timeline.missing(e, steps).isEmpty());
    assertEquals(
        List.of(),
        Timeline.missing(events, steps),
        () -> "steps missing from the boot trace:\n" + PxeRig.timeline(events));
  }
}
