package dev.bootkeeper.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bootkeeper.iso.Xorriso;
import dev.bootkeeper.it.PxeGuest.Firmware;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
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
 * Real network boots from an ISO, with nothing extracted: the suite's guest kernel and initramfs
 * packed by the test into an ISO in SystemRescue's layout and volume label, uploaded through {@code
 * POST /api/v1/images}, made into profiles by one call each, and booted by a BIOS machine
 * (pxelinux, kernel and initramfs over TFTP from inside the ISO) and a UEFI machine (firmware PXE,
 * iPXE, kernel and initramfs over HTTP from inside the ISO); both download their stage 3, the ISO's
 * {@code airootfs.sfs}, over HTTP from inside the ISO and check its SHA-256. The ISO's own NBD
 * export, and each file in it, are read with nbdcopy; a SystemRescueCd 1.x-5.x layout is rendered
 * and each file it names fetched over TFTP and HTTP. Two QEMU boots, side by side.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PxeBootIsoIT {

  static final String RUN =
      HexFormat.of().formatHex(new java.security.SecureRandom().generateSeed(3));
  static final String TOKEN_BIOS = "iso-bios-" + RUN;
  static final String TOKEN_UEFI = "iso-uefi-" + RUN;
  static final String IMAGE = "systemrescue-12.00-amd64";
  static final String LEGACY = "systemrescuecd-x86-5.3.2";
  static final String ROOTFS = "sysresccd/x86_64/airootfs.sfs";

  static PxeRig rig;
  static PxeGuest bios;
  static PxeGuest uefi;
  static Path iso;
  static Path legacyIso;

  @BeforeAll
  static void importTheIsoAndBootBothMachines() throws Exception {
    rig = PxeRig.create("iso", 16);
    rig.startAppliance(rig.fullDhcp());
    Path guest = BootArtifacts.guest();
    Path payload = rig.images.resolve(BootArtifacts.STAGE3);

    Path src = Files.createDirectories(rig.dir.resolve("iso-src"));
    Files.createDirectories(src.resolve("sysresccd/boot/x86_64"));
    Files.createDirectories(src.resolve("sysresccd/x86_64"));
    copy(guest.resolve("vmlinuz"), src.resolve("sysresccd/boot/x86_64/vmlinuz"));
    copy(guest.resolve("initrd.img"), src.resolve("sysresccd/boot/x86_64/sysresccd.img"));
    copy(payload, src.resolve(ROOTFS));
    iso = Xorriso.mkisofs(src, rig.dir.resolve(IMAGE + ".iso"), "RESCUE1200", "-R", "-J");

    JsonNode imported = upload(iso, IMAGE);
    assertEquals("VERIFIED", imported.path("image").path("iso").path("checksum").asText());
    assertEquals("SYSTEMRESCUE", imported.path("detection").path("kind").asText());

    String macBios = rig.mac();
    String macUefi = rig.mac();
    isoProfile("iso-bios", "http", TOKEN_BIOS, PxeBootBiosIT.VIA_PXELINUX);
    isoProfile("iso-uefi", "http", TOKEN_UEFI, Map.of());
    rig.host(macBios, "iso-bios", null);
    rig.host(macUefi, "iso-uefi", null);
    bios = rig.guest("iso-bios", macBios, Firmware.BIOS_IPXE_ROM);
    uefi = rig.guest("iso-uefi", macUefi, Firmware.UEFI_PXE);

    Path old = Files.createDirectories(rig.dir.resolve("legacy-src/isolinux"));
    copy(guest.resolve("vmlinuz"), old.resolve("rescue64"));
    copy(guest.resolve("initrd.img"), old.resolve("initram.igz"));
    copy(payload, old.getParent().resolve("sysrcd.dat"));
    legacyIso =
        Xorriso.mkisofs(old.getParent(), rig.dir.resolve(LEGACY + ".iso"), "SYSRCD532", "-R", "-J");
    upload(legacyIso, LEGACY);
  }

  @AfterAll
  static void tearDown() {
    if (rig != null) {
      rig.close();
    }
  }

  /** BIOS, pxelinux: the kernel and initramfs come over TFTP from inside the ISO. */
  @Test
  @Order(1)
  void biosBootsTheIsoThroughPxelinuxOverTftp() throws Exception {
    PxeGuest.Outcome o = rig.boot("ISO: BIOS pxelinux, kernel over TFTP from the ISO", bios);
    assertEquals(TOKEN_BIOS, o.token(), () -> rig.report(bios));
    assertTrue(
        o.cmdline().contains("archisobasedir=sysresccd")
            && o.cmdline().contains("archisolabel=RESCUE1200")
            && o.cmdline().contains("archiso_http_srv=" + rig.http() + "/images/" + IMAGE + "/"),
        () -> "SystemRescue's words on the command line: " + o.cmdline() + rig.report(bios));
    List<Timeline.Step> steps =
        List.of(
            Timeline.step("TFTP", "transfer-finished", "OK", "pxelinux.0:"),
            Timeline.step(
                "TFTP", "transfer-finished", "OK", IMAGE + "/sysresccd/boot/x86_64/vmlinuz:"),
            Timeline.step(
                "TFTP", "transfer-finished", "OK", IMAGE + "/sysresccd/boot/x86_64/sysresccd.img:"),
            Timeline.step("HTTP", "http-get", "OK", "/images/" + IMAGE + "/" + ROOTFS));
    assertSteps(bios, steps);
  }

  /** UEFI firmware PXE, snponly.efi, iPXE: kernel and initramfs over HTTP from inside the ISO. */
  @Test
  @Order(2)
  void uefiBootsTheIsoOverHttp() throws Exception {
    PxeGuest.Outcome o = rig.boot("ISO: UEFI, kernel over HTTP from the ISO", uefi);
    assertEquals(TOKEN_UEFI, o.token(), () -> rig.report(uefi));
    List<Timeline.Step> steps =
        List.of(
            Timeline.step(
                "HTTP",
                "http-get",
                "OK",
                "/images/" + IMAGE + "/sysresccd/boot/x86_64/vmlinuz -> 200"),
            Timeline.step(
                "HTTP",
                "http-get",
                "OK",
                "/images/" + IMAGE + "/sysresccd/boot/x86_64/sysresccd.img -> 200"),
            Timeline.step("HTTP", "http-get", "OK", "/images/" + IMAGE + "/" + ROOTFS));
    assertSteps(uefi, steps);
  }

  /**
   * Stage 3 over NBD: the one-click NBD profile names this appliance, and the ISO's own export (by
   * its image name) and the root filesystem's export inside it serve exactly the ISO's bytes to a
   * real NBD client.
   */
  @Test
  @Order(3)
  void theIsoIsItsOwnNbdExport() throws Exception {
    JsonNode profile =
        rig.ok(
            "POST",
            "/api/v1/images/" + IMAGE + "/profiles",
            "{\"stage3\":\"nbd\",\"name\":\"iso-nbd\"}");
    assertEquals("nbd", profile.path("stage3").path("method").asText());
    String pxelinux =
        rig.ok("GET", "/api/v1/profiles/iso-nbd/preview?mac=" + bios.mac, null)
            .path("pxelinux")
            .asText();
    assertTrue(
        pxelinux.contains("archiso_nbd_srv=" + rig.lan.server())
            && pxelinux.contains("archisolabel=RESCUE1200")
            && pxelinux.contains(IMAGE + "/sysresccd/boot/x86_64/vmlinuz"),
        pxelinux);
    assertEquals(sha256(iso), nbdSha256(IMAGE));
    assertEquals(rig.stage3Sha256, nbdSha256(IMAGE + "/" + ROOTFS));
  }

  /** SystemRescueCd 1.x-5.x: its profile names rescue64, initram.igz and sysrcd.dat in the ISO. */
  @Test
  @Order(4)
  void aLegacyLayoutIsRenderedAndEachFileFetched() throws Exception {
    rig.ok("POST", "/api/v1/images/" + LEGACY + "/profiles", "{\"name\":\"iso-legacy\"}");
    String pxelinux =
        rig.ok("GET", "/api/v1/profiles/iso-legacy/preview?mac=" + bios.mac, null)
            .path("pxelinux")
            .asText();
    assertTrue(
        pxelinux.contains(LEGACY + "/isolinux/rescue64")
            && pxelinux.contains(LEGACY + "/isolinux/initram.igz"),
        pxelinux);
    Path guest = BootArtifacts.guest();
    assertEquals(sha256(guest.resolve("vmlinuz")), tftpSha256(LEGACY + "/isolinux/rescue64"));
    assertEquals(sha256(guest.resolve("initrd.img")), tftpSha256(LEGACY + "/isolinux/initram.igz"));
    assertEquals(rig.stage3Sha256, httpSha256("/images/" + LEGACY + "/sysrcd.dat"));
    assertEquals(
        sha256(guest.resolve("vmlinuz")), httpSha256("/images/" + LEGACY + "/isolinux/rescue64"));
  }

  /** An upload as a user sends it: curl with the ISO as the body, and its published SHA-256. */
  static JsonNode upload(Path file, String name) throws Exception {
    String out =
        inAppliance(
            120,
            "curl",
            "-sS",
            "--fail-with-body",
            "-H",
            "Authorization: Bearer " + rig.token,
            "-H",
            "Content-Type: application/octet-stream",
            "--data-binary",
            "@" + file,
            rig.http() + "/api/v1/images?name=" + name + "&sha256=" + sha256(file));
    return PxeRig.JSON.readTree(out);
  }

  /**
   * A one-click profile, then the suite's guest words added to its command line (the guest's /init
   * reads its token and stage-3 URL there), with the stage 3 inside the ISO.
   */
  static void isoProfile(String name, String stage3, String token, Map<String, String> templates)
      throws Exception {
    rig.ok(
        "POST",
        "/api/v1/images/" + IMAGE + "/profiles",
        "{\"stage3\":\"" + stage3 + "\",\"name\":\"" + name + "\"}");
    ObjectNode p = (ObjectNode) rig.ok("GET", "/api/v1/profiles/" + name, null);
    p.put(
        "cmdline",
        p.path("cmdline").asText()
            + " console=ttyS0 bk_token="
            + token
            + " bk_stage3=${bootkeeper_http}/images/"
            + IMAGE
            + "/"
            + ROOTFS
            + " bk_sha256="
            + rig.stage3Sha256);
    if (!templates.isEmpty()) {
      ObjectNode t = p.putObject("templates");
      templates.forEach(t::put);
    }
    rig.ok("PUT", "/api/v1/profiles/" + name, p.toString());
  }

  static void assertSteps(PxeGuest g, List<Timeline.Step> steps) throws Exception {
    List<JsonNode> events = rig.eventsWhen(g.mac, e -> Timeline.missing(e, steps).isEmpty());
    assertEquals(
        List.of(),
        Timeline.missing(events, steps),
        () -> "steps missing from the boot trace:\n" + PxeRig.timeline(events));
  }

  static String nbdSha256(String export) {
    return inAppliance(
            120,
            "sh",
            "-c",
            "nbdcopy 'nbd://" + rig.lan.server() + "/" + export + "' - | sha256sum")
        .split("\\s+")[0];
  }

  static String tftpSha256(String path) throws Exception {
    Path out = rig.dir.resolve("tftp-" + path.replace('/', '_'));
    inAppliance(60, "tftp", "-m", "binary", rig.lan.server(), "-c", "get", path, out.toString());
    return sha256(out);
  }

  static String httpSha256(String path) {
    return inAppliance(60, "sh", "-c", "curl -sS --fail '" + rig.http() + path + "' | sha256sum")
        .split("\\s+")[0];
  }

  static String inAppliance(int seconds, String... cmd) {
    List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", rig.lan.appliance));
    all.addAll(List.of(cmd));
    return Shell.run(seconds, all);
  }

  static String sha256(Path file) throws Exception {
    return BootArtifacts.sha256(Files.readAllBytes(file));
  }

  static void copy(Path from, Path to) throws Exception {
    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
  }
}
