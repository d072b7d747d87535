package dev.bootkeeper.dashboard;

import static dev.bootkeeper.dashboard.DashboardTestSupport.admin;
import static dev.bootkeeper.dashboard.DashboardTestSupport.unique;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;

import dev.bootkeeper.iso.Xorriso;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An ISO on the Images page: listed by its image name and label, one click to its profile. */
@QuarkusTest
class IsoImagesPageTest {

  static final Path ROOT = Path.of("target/test-images");

  @TempDir Path work;

  @Test
  void theIsoIsListedWithItsLabelAndItsButtonMakesTheProfile() throws Exception {
    Path src = Files.createDirectories(work.resolve("src/sysresccd/boot/x86_64"));
    Files.writeString(src.resolve("vmlinuz"), "kernel");
    Files.writeString(src.resolve("sysresccd.img"), "initramfs");
    String image = unique("page-iso");
    Files.createDirectories(ROOT);
    Path iso =
        Xorriso.mkisofs(work.resolve("src"), ROOT.resolve(image + ".iso"), "RESCUE1300", "-R");
    try {
      admin().form().formParam("action", "rescan").post("/library").then().statusCode(303);
      admin()
          .get()
          .get("/library")
          .then()
          .statusCode(200)
          .body(
              allOf(
                  containsString("<strong>" + image + "</strong>"),
                  containsString("RESCUE1300"),
                  containsString("action=\"/library/iso-profile\"")));
      admin()
          .form()
          .formParam("image", image)
          .formParam("stage3", "nbd")
          .post("/library/iso-profile")
          .then()
          .statusCode(303)
          .header("Location", containsString("/profiles/" + image + "-nbd"));
      admin()
          .get()
          .get("/profiles/" + image + "-nbd")
          .then()
          .statusCode(200)
          .body(containsString("archisolabel=RESCUE1300"));
      admin()
          .form()
          .formParam("image", "no-such-iso")
          .post("/library/iso-profile")
          .then()
          .statusCode(303)
          .header("Location", containsString("/library"));
    } finally {
      Files.deleteIfExists(iso);
    }
  }
}
