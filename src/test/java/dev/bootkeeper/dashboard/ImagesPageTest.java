package dev.bootkeeper.dashboard;

import static dev.bootkeeper.dashboard.DashboardTestSupport.admin;
import static dev.bootkeeper.dashboard.DashboardTestSupport.unique;
import static dev.bootkeeper.dashboard.DashboardTestSupport.viewer;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ImagesPageTest {

  static final Path ROOT = Path.of("target/test-images");

  @Test
  void uploadsIntoTheImagesDirectoryAndShowsTheChecksum() throws Exception {
    String folder = unique("up");
    byte[] content = ("kernel " + folder).getBytes(StandardCharsets.UTF_8);
    admin()
        .get()
        .header("X-CSRF-Token", admin().csrf())
        .contentType("application/octet-stream")
        .queryParam("path", folder + "/vmlinuz")
        .body(content)
        .post("/library")
        .then()
        .statusCode(200)
        .body("path", org.hamcrest.Matchers.equalTo(folder + "/vmlinuz"));
    assertArrayEquals(content, Files.readAllBytes(ROOT.resolve(folder).resolve("vmlinuz")));
    try (Stream<Path> left = Files.list(ROOT.resolve(folder))) {
      assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith(".")));
    }
    String sha =
        java.util.HexFormat.of()
            .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
    admin()
        .get()
        .get("/library")
        .then()
        .statusCode(200)
        .body(allOf(containsString(folder), containsString(sha), containsString("Boot loaders")));
  }

  static io.restassured.response.ValidatableResponse upload(String path, byte[] content) {
    return admin()
        .get()
        .header("X-CSRF-Token", admin().csrf())
        .contentType("application/octet-stream")
        .queryParam("path", path)
        .queryParam("overwrite", true)
        .body(content)
        .post("/library")
        .then();
  }

  /** An ISO image takes its name only once it reads as ISO 9660, as through the API. */
  @Test
  void anIsoThatIsNoIsoIsRefusedAndTheWorkingOneStays() throws Exception {
    String image = unique("upiso");
    Path work = Files.createTempDirectory("bk-upload-iso");
    Files.createDirectories(work.resolve("src"));
    Files.writeString(work.resolve("src/hello.txt"), "hello");
    byte[] iso =
        Files.readAllBytes(
            dev.bootkeeper.iso.Xorriso.mkisofs(
                work.resolve("src"), work.resolve("good.iso"), "GOOD", "-R"));
    upload(image + ".iso", "not an iso".getBytes(StandardCharsets.UTF_8))
        .statusCode(400)
        .body("error", containsString("not an ISO"));
    assertFalse(Files.exists(ROOT.resolve(image + ".iso")), "a refused upload left a file");
    upload(image + ".iso", iso).statusCode(200);
    byte[] truncated = java.util.Arrays.copyOf(iso, 4096);
    upload(image + ".iso", truncated).statusCode(400);
    assertArrayEquals(iso, Files.readAllBytes(ROOT.resolve(image + ".iso")), "the working ISO");
    try (Stream<Path> left = Files.list(ROOT)) {
      assertTrue(
          left.map(p -> p.getFileName().toString())
              .noneMatch(n -> n.startsWith(".") && n.contains(image)),
          "temporary files left");
    }
  }

  @Test
  void refusesPathsOutsideTheImagesDirectory() {
    admin()
        .get()
        .header("X-CSRF-Token", admin().csrf())
        .contentType("application/octet-stream")
        .queryParam("path", "../escape.bin")
        .body(new byte[] {1, 2, 3})
        .post("/library")
        .then()
        .statusCode(400)
        .body("error", containsString("climbs above"));
    assertFalse(Files.exists(ROOT.resolve("../escape.bin")));
  }

  @Test
  void refusesAFolderThatIsASymlinkOutOfTheImagesDirectory() throws Exception {
    Path outside = Files.createTempDirectory("bootkeeper-outside-");
    Path link = ROOT.resolve(unique("link"));
    Files.createDirectories(ROOT);
    Files.createSymbolicLink(link, outside.toAbsolutePath());
    try {
      admin()
          .get()
          .header("X-CSRF-Token", admin().csrf())
          .contentType("application/octet-stream")
          .queryParam("path", link.getFileName() + "/sub/evil.bin")
          .body(new byte[] {1})
          .post("/library")
          .then()
          .statusCode(400)
          .body("error", containsString("leads out of the images directory"));
      assertFalse(Files.exists(outside.resolve("sub")));
    } finally {
      Files.delete(link);
      Files.delete(outside);
    }
  }

  @Test
  void aFileThatIsASymlinkIsNotReplacedEvenWhenAsked() throws Exception {
    Path victim = Files.createTempFile("bootkeeper-victim-", ".txt");
    Files.writeString(victim, "keep");
    Path folder = ROOT.resolve(unique("linked"));
    Files.createDirectories(folder);
    Path link = Files.createSymbolicLink(folder.resolve("vmlinuz"), victim.toAbsolutePath());
    try {
      admin()
          .get()
          .header("X-CSRF-Token", admin().csrf())
          .contentType("application/octet-stream")
          .queryParam("path", folder.getFileName() + "/vmlinuz")
          .queryParam("overwrite", true)
          .body(new byte[] {1})
          .post("/library")
          .then()
          .statusCode(400)
          .body("error", containsString("is a symlink"));
      assertEquals("keep", Files.readString(victim));
      assertTrue(Files.isSymbolicLink(link));
    } finally {
      Files.delete(link);
      Files.delete(victim);
    }
  }

  @Test
  void anExistingFileIsOnlyReplacedWhenAsked() {
    String path = unique("dup") + "/f.bin";
    for (int i = 0; i < 2; i++) {
      admin()
          .get()
          .header("X-CSRF-Token", admin().csrf())
          .contentType("application/octet-stream")
          .queryParam("path", path)
          .body(new byte[] {1})
          .post("/library")
          .then()
          .statusCode(i == 0 ? 200 : 409);
    }
    admin()
        .get()
        .header("X-CSRF-Token", admin().csrf())
        .contentType("application/octet-stream")
        .queryParam("path", path)
        .queryParam("overwrite", true)
        .body(new byte[] {2})
        .post("/library")
        .then()
        .statusCode(200);
  }

  @Test
  void uploadNeedsAnAdminAndTheToken() {
    admin()
        .get()
        .contentType("application/octet-stream")
        .queryParam("path", "x.bin")
        .body(new byte[] {1})
        .post("/library")
        .then()
        .statusCode(403);
    viewer()
        .get()
        .header("X-CSRF-Token", viewer().csrf())
        .contentType("application/octet-stream")
        .queryParam("path", "x.bin")
        .body(new byte[] {1})
        .post("/library")
        .then()
        .statusCode(403);
    assertFalse(Files.exists(ROOT.resolve("x.bin")));
  }

  @Test
  void rescanButton() {
    admin().form().formParam("action", "rescan").post("/library").then().statusCode(303);
  }
}
