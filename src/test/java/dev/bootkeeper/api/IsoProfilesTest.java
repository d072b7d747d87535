package dev.bootkeeper.api;

import static dev.bootkeeper.api.ApiTestSupport.admin;
import static dev.bootkeeper.api.ApiTestSupport.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.bootkeeper.iso.Xorriso;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One-click profiles from ISO images: SystemRescue in its own layout and label, with each stage 3;
 * the legacy layout; an ISO of unknown layout that lists its kernels and initrds; and an ISO that
 * does not match its published checksum, kept from profiles until accepted.
 */
@QuarkusTest
class IsoProfilesTest {

  @TempDir static Path work;
  static Path images;
  static final List<Path> made = new ArrayList<>();
  static String rescue;
  static String legacy;
  static String unknown;
  static String mismatch;
  static String alpine;
  static String fedoraLive;

  @BeforeAll
  static void isos() throws Exception {
    images = Path.of(ConfigProvider.getConfig().getValue("bootkeeper.images-dir", String.class));
    Files.createDirectories(images);
    Path sr = work.resolve("sr");
    Files.createDirectories(sr.resolve("sysresccd/boot/x86_64"));
    Files.createDirectories(sr.resolve("sysresccd/x86_64"));
    Files.writeString(sr.resolve("sysresccd/boot/x86_64/vmlinuz"), "kernel");
    Files.writeString(sr.resolve("sysresccd/boot/x86_64/sysresccd.img"), "initramfs");
    Files.writeString(sr.resolve("sysresccd/boot/intel_ucode.img"), "intel microcode");
    Files.writeString(sr.resolve("sysresccd/x86_64/airootfs.sfs"), "squashfs");
    rescue = iso(sr, "sr-iso", "RESCUE1200");
    mismatch = iso(sr, "sr-bad-iso", "RESCUE1100");
    Path sum = images.resolve(mismatch + ".iso.sha256");
    Files.writeString(sum, "ab".repeat(32) + "  " + mismatch + ".iso\n");
    made.add(sum);

    Path old = work.resolve("legacy");
    Files.createDirectories(old.resolve("isolinux"));
    Files.writeString(old.resolve("isolinux/rescue64"), "kernel");
    Files.writeString(old.resolve("isolinux/initram.igz"), "initramfs");
    Files.writeString(old.resolve("sysrcd.dat"), "root");
    legacy = iso(old, "legacy-iso", "SYSRCD520");

    Path other = work.resolve("other");
    Files.createDirectories(other.resolve("boot"));
    Files.writeString(other.resolve("boot/vmlinuz-6.1"), "kernel");
    Files.writeString(other.resolve("boot/initrd.img-6.1"), "initrd");
    unknown = iso(other, "other-iso", "OTHER");

    Path alp = work.resolve("alpine");
    Files.createDirectories(alp.resolve("boot"));
    Files.createDirectories(alp.resolve("apks/x86_64"));
    Files.writeString(alp.resolve("boot/vmlinuz-lts"), "kernel");
    Files.writeString(alp.resolve("boot/initramfs-lts"), "initramfs");
    Files.writeString(alp.resolve("boot/modloop-lts"), "modules");
    Files.writeString(alp.resolve("apks/x86_64/APKINDEX.tar.gz"), "index");
    alpine = iso(alp, "alpine-iso", "alpine-std 3.21.0 x86_64");

    Path fed = work.resolve("fedora");
    Files.createDirectories(fed.resolve("images/pxeboot"));
    Files.createDirectories(fed.resolve("LiveOS"));
    Files.writeString(fed.resolve("images/pxeboot/vmlinuz"), "kernel");
    Files.writeString(fed.resolve("images/pxeboot/initrd.img"), "initramfs");
    Files.writeString(fed.resolve("LiveOS/squashfs.img"), "root");
    fedoraLive = iso(fed, "fedora-iso", "Fedora-WS-Live-40");
  }

  /** The app runs once the class is set up: the catalog learns the ISOs before each test. */
  @BeforeEach
  void rescan() {
    admin().post("/api/v1/images/rescan").then().statusCode(200);
  }

  static String iso(Path src, String prefix, String label) throws Exception {
    String name = unique(prefix);
    made.add(Xorriso.mkisofs(src, images.resolve(name + ".iso"), label, "-R", "-J"));
    return name;
  }

  @AfterAll
  static void remove() throws IOException {
    for (Path p : made) {
      Files.deleteIfExists(p);
    }
  }

  @Test
  void systemRescueIsDetectedAndBootsWithEachStage3() {
    given()
        .get("/api/v1/images/" + rescue + "/detection")
        .then()
        .statusCode(200)
        .body("kind", equalTo("SYSTEMRESCUE"))
        .body("title", equalTo("SystemRescue 12.00"))
        .body("volumeLabel", equalTo("RESCUE1200"))
        .body("rootfs", equalTo("sysresccd/x86_64/airootfs.sfs"))
        .body("fetches.find { it.path == 'sysresccd/boot/intel_ucode.img' }.present", equalTo(true))
        .body("fetches.find { it.path == 'sysresccd/boot/amd_ucode.img' }.present", equalTo(false))
        .body(
            "fetches.find { it.path == 'sysresccd/x86_64/airootfs.sha512' }.present",
            equalTo(false));
    admin()
        .body(Map.of("stage3", "http"))
        .post("/api/v1/images/" + rescue + "/profiles")
        .then()
        .statusCode(201)
        .body("name", equalTo(rescue + "-http"))
        .body("kernel", equalTo(rescue + "/sysresccd/boot/x86_64/vmlinuz"))
        .body(
            "initrds",
            equalTo(
                List.of(
                    rescue + "/sysresccd/boot/intel_ucode.img",
                    rescue + "/sysresccd/boot/x86_64/sysresccd.img")))
        .body("cmdline", containsString("archisobasedir=sysresccd"))
        .body("cmdline", containsString("archisolabel=RESCUE1200"))
        .body("cmdline", containsString("checksum"))
        .body("stage3.method", equalTo("http"))
        .body("stage3.image", equalTo(rescue));
    String mac = ApiTestSupport.uniqueMac();
    admin()
        .body(Map.of("profile", rescue + "-http"))
        .put("/api/v1/hosts/" + mac)
        .then()
        .statusCode(201);
    given()
        .queryParam("format", "pxelinux")
        .get("/api/v1/hosts/" + mac + "/boot")
        .then()
        .statusCode(200)
        .body(containsString("::" + rescue + "/sysresccd/boot/x86_64/vmlinuz"))
        .body(containsString("/images/" + rescue + "/ checksum"));
    String nbd = unique("sr-nbd");
    admin()
        .body(Map.of("stage3", "nbd", "name", nbd))
        .post("/api/v1/images/" + rescue + "/profiles")
        .then()
        .statusCode(201)
        .body("cmdline", containsString("archisolabel=RESCUE1200"))
        .body("cmdline", containsString("archiso_nbd_srv="))
        .body("stage3.method", equalTo("nbd"));
    admin()
        .body(Map.of("stage3", "nfs", "name", unique("sr-nfs")))
        .post("/api/v1/images/" + rescue + "/profiles")
        .then()
        .statusCode(201)
        .body("cmdline", containsString("archiso_nfs_srv="));
    admin()
        .body(Map.of("stage3", "ftp"))
        .post("/api/v1/images/" + rescue + "/profiles")
        .then()
        .statusCode(400);
    given()
        .body(Map.of())
        .contentType("application/json")
        .post("/api/v1/images/" + rescue + "/profiles")
        .then()
        .statusCode(401);
  }

  @Test
  void theLegacyLayoutUsesItsPreset() {
    admin()
        .body(Map.of())
        .post("/api/v1/images/" + legacy + "/profiles")
        .then()
        .statusCode(201)
        .body("kernel", equalTo(legacy + "/isolinux/rescue64"))
        .body("initrds", hasItem(legacy + "/isolinux/initram.igz"))
        .body("cmdline", containsString("sysrcd.dat"));
  }

  /**
   * Layouts whose boot fetches more from the ISO: Alpine installs from the ISO's own repository,
   * Fedora live mounts the ISO's live root; both over HTTP from inside the ISO.
   */
  @Test
  void alpineAndFedoraLiveFetchTheirRestFromInsideTheIso() {
    admin()
        .body(Map.of())
        .post("/api/v1/images/" + alpine + "/profiles")
        .then()
        .statusCode(201)
        .body("kernel", equalTo(alpine + "/boot/vmlinuz-lts"))
        .body("initrds", equalTo(List.of(alpine + "/boot/initramfs-lts")))
        .body(
            "cmdline", containsString("alpine_repo=${bootkeeper_http}/images/" + alpine + "/apks"))
        .body(
            "cmdline",
            containsString("modloop=${bootkeeper_http}/images/" + alpine + "/boot/modloop-lts"));
    admin()
        .body(Map.of())
        .post("/api/v1/images/" + fedoraLive + "/profiles")
        .then()
        .statusCode(201)
        .body("kernel", equalTo(fedoraLive + "/images/pxeboot/vmlinuz"))
        .body(
            "cmdline",
            containsString(
                "root=live:${bootkeeper_http}/images/" + fedoraLive + "/LiveOS/squashfs.img"))
        .body("cmdline", containsString("rd.live.image"));
    given()
        .get("/api/v1/images/" + fedoraLive + "/detection")
        .then()
        .statusCode(200)
        .body("fetches.find { it.path == 'LiveOS/squashfs.img' }.present", equalTo(true));
  }

  @Test
  void anUnknownIsoListsItsKernelsAndInitrds() {
    given()
        .get("/api/v1/images/" + unknown + "/detection")
        .then()
        .statusCode(200)
        .body("kind", equalTo("UNKNOWN"))
        .body("kernels", hasItem("boot/vmlinuz-6.1"))
        .body("initrdFiles", hasItem("boot/initrd.img-6.1"));
    admin()
        .body(Map.of())
        .post("/api/v1/images/" + unknown + "/profiles")
        .then()
        .statusCode(400)
        .body("detail", containsString("boot/vmlinuz-6.1"));
    given().get("/api/v1/images/no-such-iso/detection").then().statusCode(404);
  }

  @Test
  void aChecksumMismatchKeepsTheIsoFromProfilesUntilAccepted() {
    given()
        .get("/api/v1/images/" + mismatch)
        .then()
        .statusCode(200)
        .body("iso.checksum", equalTo("MISMATCH"))
        .body("iso.checksumDetail", not(equalTo(null)));
    admin()
        .body(Map.of())
        .post("/api/v1/images/" + mismatch + "/profiles")
        .then()
        .statusCode(409)
        .body("detail", containsString("published checksum"));
    admin().post("/api/v1/images/" + mismatch + "/accept-checksum").then().statusCode(204);
    given().get("/api/v1/images/" + mismatch).then().body("iso.accepted", equalTo(true));
    admin().body(Map.of()).post("/api/v1/images/" + mismatch + "/profiles").then().statusCode(201);
  }
}
