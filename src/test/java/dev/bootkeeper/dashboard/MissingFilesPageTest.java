package dev.bootkeeper.dashboard;

import static dev.bootkeeper.dashboard.DashboardTestSupport.admin;
import static dev.bootkeeper.dashboard.DashboardTestSupport.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bootkeeper.iso.Xorriso;
import dev.bootkeeper.store.Profile;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A profile that names files the images directory lacks is saved, but the editor, its preview, the
 * preset form and the Overview say which files are missing.
 */
@QuarkusTest
class MissingFilesPageTest {

  static final Path ROOT = Path.of("target/test-images");

  @TempDir Path work;

  static void rescan() {
    admin().form().formParam("action", "rescan").post("/library").then().statusCode(303);
  }

  static void deleteTree(Path p) throws Exception {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> all = Files.walk(p)) {
      all.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  @Test
  void thePreviewWarnsOfAMissingKernelAndNotOfAPresentOne() throws Exception {
    String image = unique("present");
    Path dir = Files.createDirectories(ROOT.resolve(image));
    Files.writeString(dir.resolve("vmlinuz"), "kernel");
    try {
      admin()
          .form()
          .formParam("name", "draft")
          .formParam("kind", "linux")
          .formParam("kernel", image + "/vmlinuz")
          .formParam("initrds", image + "/initrd.img")
          .post("/profiles/preview")
          .then()
          .statusCode(200)
          .body(containsString("id=\"missing-files\""))
          .body(
              containsString("The initrd " + image + "/initrd.img is not in the images directory."))
          .body(not(containsString("The kernel " + image + "/vmlinuz")));
      admin()
          .form()
          .formParam("name", "draft")
          .formParam("kind", "linux")
          .formParam("kernel", "http://mirror.example/vmlinuz")
          .post("/profiles/preview")
          .then()
          .statusCode(200)
          .body(not(containsString("id=\"missing-files\"")));
    } finally {
      deleteTree(dir);
    }
  }

  @Test
  void aProfileWithAMissingImageIsSavedWarnedInTheEditorAndListedOnTheOverview() {
    String name = unique("typo");
    admin()
        .form()
        .formParam("name", name)
        .formParam("kind", "linux")
        .formParam("kernel", "systemrescue-11.2/sysresccd/boot/x86_64/vmlinuz")
        .formParam("stage3Method", "http")
        .formParam("stage3Image", "systemrescue-11.2")
        .post("/profiles/save")
        .then()
        .statusCode(303);
    admin()
        .get()
        .get("/profiles/" + name)
        .then()
        .statusCode(200)
        .body(containsString("id=\"missing-files\""))
        .body(
            containsString(
                "The stage 3 image systemrescue-11.2 is neither a folder, a file nor an ISO"))
        .body(containsString("<option value=\"systemrescue-11.2\" selected class=\"missing\">"))
        .body(containsString("systemrescue-11.2 (missing)"));
    admin()
        .get()
        .get("/")
        .then()
        .statusCode(200)
        .body(containsString("Profiles that name missing files"))
        .body(
            containsString("<a href=\"/profiles/" + name + "\"><strong>" + name + "</strong></a>"));
  }

  @Test
  void aFileInsideAnIsoCountsAsPresent() throws Exception {
    Path src = Files.createDirectories(work.resolve("src/boot"));
    Files.writeString(src.resolve("vmlinuz"), "kernel");
    String image = unique("iso-files");
    Files.createDirectories(ROOT);
    Path iso = Xorriso.mkisofs(work.resolve("src"), ROOT.resolve(image + ".iso"), "LIVE", "-R");
    try {
      admin()
          .form()
          .formParam("name", "draft")
          .formParam("kind", "linux")
          .formParam("kernel", image + "/boot/vmlinuz")
          .formParam("initrds", image + "/boot/initrd.img")
          .formParam("stage3Method", "nbd")
          .formParam("stage3Image", image)
          .post("/profiles/preview")
          .then()
          .statusCode(200)
          .body(not(containsString("The kernel")))
          .body(not(containsString("The stage 3 image")))
          .body(containsString("The initrd " + image + "/boot/initrd.img is not in the images"));
    } finally {
      Files.deleteIfExists(iso);
    }
  }

  @Test
  void thePresetFormPicksTheImageFromThosePresentAndLeavesOutAbsentMicrocode() throws Exception {
    String image = unique("sysrescue");
    Path boot = Files.createDirectories(ROOT.resolve(image + "/sysresccd/boot/x86_64"));
    Files.writeString(boot.resolve("vmlinuz"), "kernel");
    Files.writeString(boot.resolve("sysresccd.img"), "initramfs");
    Files.writeString(boot.getParent().resolve("amd_ucode.img"), "microcode");
    try {
      rescan();
      admin()
          .get()
          .get("/profiles/new?preset=systemrescue-http")
          .then()
          .statusCode(200)
          .body(containsString("<select name=\"image\""))
          .body(containsString("<option >" + image + "</option>"));
      String name = unique("from-preset");
      admin()
          .form()
          .formParam("preset", "systemrescue-http")
          .formParam("name", name)
          .formParam("image", image)
          .post("/profiles/preset")
          .then()
          .statusCode(303);
      List<String> initrds =
          QuarkusTransaction.requiringNew()
              .call(() -> List.copyOf(Profile.byName(name).orElseThrow().initrds));
      assertEquals(
          List.of(
              image + "/sysresccd/boot/amd_ucode.img",
              image + "/sysresccd/boot/x86_64/sysresccd.img"),
          initrds,
          "intel_ucode.img is absent, so it is not rendered");

      String typo = unique("typo-preset");
      admin()
          .form()
          .formParam("preset", "systemrescue-http")
          .formParam("name", typo)
          .formParam("image", "systemrescue-11.2")
          .post("/profiles/preset")
          .then()
          .statusCode(303)
          .cookie("bk_flash", containsString("not+in+the+images+directory"));
      admin()
          .get()
          .get("/profiles/" + typo)
          .then()
          .body(containsString("The kernel systemrescue-11.2/sysresccd/boot/x86_64/vmlinuz"));
    } finally {
      deleteTree(ROOT.resolve(image));
      rescan();
    }
  }

  @Test
  void aRefusedPresetKeepsAMissingImageFlagged() {
    admin()
        .form()
        .formParam("preset", "systemrescue-http")
        .formParam("name", "bad name!")
        .formParam("image", "not-there-9")
        .post("/profiles/preset")
        .then()
        .statusCode(400)
        .body(
            containsString("<option value=\"not-there-9\" selected>not-there-9 (missing)</option>"))
        .body(containsString("There is no image not-there-9 in the images directory."));
  }
}
