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
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
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
 * Real network boots from ISOs, with nothing extracted: the suite's guest kernel and initramfs
 * (with its NBD client) packed by the test into two ISOs in SystemRescue's layout and volume
 * labels, two releases side by side, each with its own {@code airootfs.sfs}; uploaded through
 * {@code POST /api/v1/images}, made into profiles by one call each, and booted by three machines at
 * once:
 *
 * <ul>
 *   <li>BIOS, pxelinux: kernel and initramfs over TFTP from inside 12.00, its stage 3 over HTTP
 *       from inside the ISO;
 *   <li>UEFI firmware PXE, iPXE: kernel and initramfs over HTTP from inside 12.00, its stage 3 over
 *       NBD;
 *   <li>BIOS, pxelinux: 11.03, its stage 3 over NBD while the UEFI machine reads 12.00's.
 * </ul>
 *
 * An NBD machine reads its stage 3 as SystemRescue's initramfs does: {@code nbd-client
 * <archiso_nbd_srv> -N archiso /dev/nbd0}, the ISO's volume label checked against {@code
 * archisolabel=}, the ISO mounted and the SHA-256 of {@code sysresccd/x86_64/airootfs.sfs} checked.
 * Each ISO's own export by its image name is read with nbdcopy; a SystemRescueCd 1.x-5.x layout is
 * rendered and each file it names fetched over TFTP and HTTP.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PxeBootIsoIT {

  static final String RUN =
      HexFormat.of().formatHex(new java.security.SecureRandom().generateSeed(3));
  static final String TOKEN_BIOS = "iso-bios-" + RUN;
  static final String TOKEN_UEFI = "iso-uefi-nbd-" + RUN;
  static final String TOKEN_OLDER = "iso-older-nbd-" + RUN;
  static final String IMAGE = "systemrescue-12.00-amd64";
  static final String OLDER = "systemrescue-11.03-amd64";
  static final String LEGACY = "systemrescuecd-x86-5.3.2";
  static final String ROOTFS = "sysresccd/x86_64/airootfs.sfs";

  /** The older release's root filesystem: its own bytes, and a size that makes its ISO's differ. */
  static final int OLDER_ROOTFS_BYTES = 640 * 1024;

  static final Map<String, String> VIA_PXELINUX = PxeBootBiosIT.VIA_PXELINUX;

  static PxeRig rig;
  static PxeGuest bios;
  static PxeGuest uefi;
  static PxeGuest older;
  static Path iso;
  static Path olderIso;
  static String olderRootfsSha256;
  static Path legacyIso;

  @BeforeAll
  static void importTheIsosAndBootThreeMachines() throws Exception {
    rig = PxeRig.create("iso", 16);
    rig.startAppliance(rig.fullDhcp());
    Path payload = rig.images.resolve(BootArtifacts.STAGE3);

    iso = systemRescueIso(IMAGE, "RESCUE1200", Files.readAllBytes(payload));
    byte[] olderRootfs = new byte[OLDER_ROOTFS_BYTES];
    new SecureRandom().nextBytes(olderRootfs);
    olderRootfsSha256 = BootArtifacts.sha256(olderRootfs);
    olderIso = systemRescueIso(OLDER, "RESCUE1103", olderRootfs);

    JsonNode imported = upload(iso, IMAGE);
    assertEquals("VERIFIED", imported.path("image").path("iso").path("checksum").asText());
    assertEquals("SYSTEMRESCUE", imported.path("detection").path("kind").asText());
    assertEquals("SYSTEMRESCUE", upload(olderIso, OLDER).path("detection").path("kind").asText());

    String macBios = rig.mac();
    String macUefi = rig.mac();
    String macOlder = rig.mac();
    isoProfile(IMAGE, "iso-bios", "http", TOKEN_BIOS, rig.stage3Sha256, VIA_PXELINUX);
    isoProfile(IMAGE, "iso-uefi-nbd", "nbd", TOKEN_UEFI, rig.stage3Sha256, Map.of());
    isoProfile(OLDER, "iso-older-nbd", "nbd", TOKEN_OLDER, olderRootfsSha256, VIA_PXELINUX);
    rig.host(macBios, "iso-bios", null);
    rig.host(macUefi, "iso-uefi-nbd", null);
    rig.host(macOlder, "iso-older-nbd", null);
    bios = rig.guest("iso-bios", macBios, Firmware.BIOS_IPXE_ROM);
    uefi = rig.guest("iso-uefi-nbd", macUefi, Firmware.UEFI_PXE);
    older = rig.guest("iso-older-nbd", macOlder, Firmware.BIOS_IPXE_ROM);

    Path guest = BootArtifacts.guest();
    Path old = Files.createDirectories(rig.dir.resolve("legacy-src/isolinux"));
    copy(guest.resolve("vmlinuz"), old.resolve("rescue64"));
    copy(guest.resolve("initrd.img"), old.resolve("initram.igz"));
    copy(payload, old.getParent().resolve("sysrcd.dat"));
    legacyIso =
        Xorriso.mkisofs(old.getParent(), rig.dir.resolve(LEGACY + ".iso"), "SYSRCD532", "-R", "-J");
    upload(legacyIso, LEGACY);
  }

  /**
   * An ISO in SystemRescue's layout and label: the guest's kernel, its initramfs with the NBD
   * client appended (as SystemRescue's {@code sysresccd.img} carries nbd-client for {@code
   * archiso_nbd_srv}), and {@code rootfs} as {@code airootfs.sfs}.
   */
  static Path systemRescueIso(String image, String label, byte[] rootfs) throws Exception {
    Path guest = BootArtifacts.guest();
    Path src = Files.createDirectories(rig.dir.resolve(image + "-src"));
    Files.createDirectories(src.resolve("sysresccd/boot/x86_64"));
    Files.createDirectories(src.resolve("sysresccd/x86_64"));
    copy(guest.resolve("vmlinuz"), src.resolve("sysresccd/boot/x86_64/vmlinuz"));
    Path initramfs = src.resolve("sysresccd/boot/x86_64/sysresccd.img");
    copy(guest.resolve("initrd.img"), initramfs);
    Files.write(initramfs, Files.readAllBytes(guest.resolve("nbd.img")), StandardOpenOption.APPEND);
    Files.write(src.resolve(ROOTFS), rootfs);
    return Xorriso.mkisofs(src, rig.dir.resolve(image + ".iso"), label, "-R", "-J");
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

  /**
   * Two SystemRescue releases over NBD at once: each machine asks for the one name archiso's hook
   * knows, {@code archiso}, and gets the ISO its own profile names; its console shows the label and
   * the root filesystem's SHA-256 of that ISO, read through the kernel's NBD client. The UEFI
   * machine fetched its kernel and initramfs over HTTP from inside the ISO, the BIOS one over TFTP.
   */
  @Test
  @Order(2)
  void twoReleasesBootOverNbdSideBySideEachFromItsOwnIso() throws Exception {
    PxeGuest.Outcome o = rig.boot("ISO: UEFI, kernel over HTTP, stage 3 over NBD", uefi);
    PxeGuest.Outcome p = rig.boot("ISO: BIOS, older release, stage 3 over NBD", older);
    assertEquals(TOKEN_UEFI, o.token(), () -> rig.report(uefi));
    assertEquals(TOKEN_OLDER, p.token(), () -> rig.report(older));
    assertNbdStage3(uefi, o, "RESCUE1200", rig.stage3Sha256);
    assertNbdStage3(older, p, "RESCUE1103", olderRootfsSha256);

    assertSteps(
        uefi,
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
            Timeline.step("NBD", "connected", "INFO", archisoOf(iso)),
            Timeline.step("NBD", "disconnected", "OK", "export 'archiso'")));
    assertSteps(
        older,
        List.of(
            Timeline.step(
                "TFTP", "transfer-finished", "OK", OLDER + "/sysresccd/boot/x86_64/vmlinuz:"),
            Timeline.step(
                "TFTP", "transfer-finished", "OK", OLDER + "/sysresccd/boot/x86_64/sysresccd.img:"),
            Timeline.step("NBD", "connected", "INFO", archisoOf(olderIso)),
            Timeline.step("NBD", "disconnected", "OK", "export 'archiso'")));
  }

  /**
   * Each ISO is also an export by its image name, and each file in it by its path: a real NBD
   * client reads exactly the ISO's bytes, each release its own.
   */
  @Test
  @Order(3)
  void eachIsoIsItsOwnNbdExport() throws Exception {
    assertEquals(sha256(iso), nbdSha256(IMAGE));
    assertEquals(sha256(olderIso), nbdSha256(OLDER));
    assertEquals(rig.stage3Sha256, nbdSha256(IMAGE + "/" + ROOTFS));
    assertEquals(olderRootfsSha256, nbdSha256(OLDER + "/" + ROOTFS));
  }

  /** The console lines of an NBD stage 3: the ISO's label and its root filesystem's checksum. */
  static void assertNbdStage3(PxeGuest g, PxeGuest.Outcome o, String label, String rootfsSha256) {
    assertTrue(
        o.cmdline().contains("archiso_nbd_srv=" + rig.lan.server())
            && o.cmdline().contains("archisolabel=" + label)
            && o.cmdline().contains("archisobasedir=sysresccd"),
        () -> "SystemRescue's NBD words on the command line: " + o.cmdline() + rig.report(g));
    String console = g.serialText();
    assertTrue(
        console.contains("NBD export archiso from " + rig.lan.server())
            && console.contains("volume label " + label)
            && console.contains(ROOTFS + " over NBD, ")
            && console.contains("sha256=" + rootfsSha256),
        () -> "the NBD stage 3 as the machine read it" + rig.report(g));
  }

  /** The NBD trace's words for a machine given this ISO as {@code archiso}: its exact size. */
  static String archisoOf(Path isoFile) throws Exception {
    return "export 'archiso' (" + Files.size(isoFile) + " bytes)";
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
   * A one-click profile of {@code image}, then the suite's guest words added to its command line:
   * the guest's /init reads its token there, and the SHA-256 its stage 3 must have (for HTTP, with
   * the URL of the root filesystem inside the ISO).
   */
  static void isoProfile(
      String image,
      String name,
      String stage3,
      String token,
      String rootfsSha256,
      Map<String, String> templates)
      throws Exception {
    rig.ok(
        "POST",
        "/api/v1/images/" + image + "/profiles",
        "{\"stage3\":\"" + stage3 + "\",\"name\":\"" + name + "\"}");
    ObjectNode p = (ObjectNode) rig.ok("GET", "/api/v1/profiles/" + name, null);
    String words = " console=ttyS0 bk_token=" + token + " bk_sha256=" + rootfsSha256;
    if (stage3.equals("http")) {
      words += " bk_stage3=${bootkeeper_http}/images/" + image + "/" + ROOTFS;
    }
    p.put("cmdline", p.path("cmdline").asText() + words);
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
