package dev.bootkeeper.api;

import static dev.bootkeeper.api.ApiTestSupport.admin;
import static dev.bootkeeper.api.ApiTestSupport.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.iso.Xorriso;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/v1/images}: an ISO uploaded in the body or taken from an import directory on the
 * appliance becomes an image, answered with its checksum verdict and what it holds; every refusal
 * leaves nothing behind, not even a temporary file.
 */
@QuarkusTest
class IsoImportTest {

  @TempDir static Path work;
  static Path images;
  static Path importDir;
  static byte[] rescueIso;
  static final List<Path> made = new ArrayList<>();

  @BeforeAll
  static void iso() throws Exception {
    images = Path.of(ConfigProvider.getConfig().getValue("bootkeeper.images-dir", String.class));
    importDir =
        Path.of(ConfigProvider.getConfig().getValue("bootkeeper.import.directories", String.class));
    Files.createDirectories(images);
    Files.createDirectories(importDir);
    Path sr = work.resolve("sr");
    Files.createDirectories(sr.resolve("sysresccd/boot/x86_64"));
    Files.createDirectories(sr.resolve("sysresccd/x86_64"));
    Files.writeString(sr.resolve("sysresccd/boot/x86_64/vmlinuz"), "kernel");
    Files.writeString(sr.resolve("sysresccd/boot/x86_64/sysresccd.img"), "initramfs");
    Files.writeString(sr.resolve("sysresccd/x86_64/airootfs.sfs"), "squashfs");
    rescueIso =
        Files.readAllBytes(
            Xorriso.mkisofs(sr, work.resolve("rescue.iso"), "RESCUE1200", "-R", "-J"));
  }

  @AfterAll
  static void remove() throws IOException {
    for (Path p : made) {
      Files.deleteIfExists(p);
    }
  }

  /** The image's files, remembered for removal after the class. */
  static String image(String prefix) {
    String name = unique(prefix);
    made.add(images.resolve(name + ".iso"));
    made.add(images.resolve(name + ".iso.sha256"));
    made.add(images.resolve(name + ".iso.sha512"));
    return name;
  }

  static RequestSpecification upload(byte[] body) {
    return admin().contentType("application/octet-stream").body(body);
  }

  @Test
  void anUploadedIsoIsAnImageVerifiedAgainstItsChecksumAndDetected() throws Exception {
    String name = image("up");
    upload(rescueIso)
        .queryParam("name", name + ".iso")
        .queryParam("sha256", sha("SHA-256", rescueIso))
        .post("/api/v1/images")
        .then()
        .statusCode(201)
        .header("Location", endsWith("/api/v1/images/" + name))
        .body("image.name", equalTo(name))
        .body("image.files.find { it.path == '" + name + ".iso' }.size", equalTo(rescueIso.length))
        .body("image.iso.file", equalTo(name + ".iso"))
        .body("image.iso.volumeLabel", equalTo("RESCUE1200"))
        .body("image.iso.checksum", equalTo("VERIFIED"))
        .body("detection.kind", equalTo("SYSTEMRESCUE"))
        .body("detection.kernel", equalTo("sysresccd/boot/x86_64/vmlinuz"));
    assertArrayEquals(rescueIso, Files.readAllBytes(images.resolve(name + ".iso")));
    assertEquals(
        sha("SHA-256", rescueIso) + "  " + name + ".iso\n",
        Files.readString(images.resolve(name + ".iso.sha256")));
    given()
        .get("/images/" + name + "/sysresccd/boot/x86_64/vmlinuz")
        .then()
        .statusCode(200)
        .body(equalTo("kernel"));
    noTemporaryFiles();

    upload(rescueIso)
        .queryParam("name", name)
        .post("/api/v1/images")
        .then()
        .statusCode(409)
        .body("detail", containsString("exists already"));
    upload(rescueIso)
        .queryParam("name", name)
        .queryParam("replace", true)
        .queryParam("sha512", "0".repeat(128))
        .post("/api/v1/images")
        .then()
        .statusCode(201)
        .body("image.iso.checksum", equalTo("MISMATCH"));
    assertFalse(
        Files.exists(images.resolve(name + ".iso.sha256")),
        "the older ISO's checksum file is gone with it");
    admin()
        .contentType("application/json")
        .body(Map.of("stage3", "http"))
        .post("/api/v1/images/" + name + "/profiles")
        .then()
        .statusCode(409);
  }

  @Test
  void aStreamedUploadWithoutLengthWorksAndStopsAtTheLimit() throws Exception {
    String name = image("chunked");
    admin()
        .contentType("application/x-iso9660-image")
        .body(new ByteArrayInputStream(rescueIso))
        .queryParam("name", name)
        .post("/api/v1/images")
        .then()
        .statusCode(201)
        .body("image.iso.checksum", equalTo("NONE"));

    String big = image("big");
    byte[] tooLarge = new byte[3 * 1024 * 1024];
    System.arraycopy(rescueIso, 0, tooLarge, 0, rescueIso.length);
    upload(tooLarge)
        .queryParam("name", big)
        .post("/api/v1/images")
        .then()
        .statusCode(413)
        .body("detail", containsString("bootkeeper.import.max-size"));
    admin()
        .contentType("application/octet-stream")
        .body(new ByteArrayInputStream(tooLarge))
        .queryParam("name", big)
        .post("/api/v1/images")
        .then()
        .statusCode(413);
    assertFalse(Files.exists(images.resolve(big + ".iso")));
    noTemporaryFiles();
  }

  @Test
  void badUploadsAreRefusedAndLeaveNothing() throws Exception {
    String name = image("bad");
    upload("this is not an ISO".repeat(2000).getBytes())
        .queryParam("name", name)
        .post("/api/v1/images")
        .then()
        .statusCode(400)
        .body("detail", containsString("not an ISO"));
    upload(dev.bootkeeper.iso.Fixtures.udfOnly())
        .queryParam("name", name)
        .post("/api/v1/images")
        .then()
        .statusCode(400)
        .body("detail", containsString("UDF (Windows ISOs) is not supported yet"));
    byte[] truncated = java.util.Arrays.copyOf(rescueIso, 40 * 1024);
    upload(truncated).queryParam("name", name).post("/api/v1/images").then().statusCode(400);
    assertFalse(Files.exists(images.resolve(name + ".iso")));
    for (String bad : List.of("", "../evil", ".hidden", "a/b", "a b", "x".repeat(101))) {
      upload(rescueIso).queryParam("name", bad).post("/api/v1/images").then().statusCode(400);
    }
    upload(rescueIso)
        .queryParam("name", name)
        .queryParam("sha256", "xyz")
        .post("/api/v1/images")
        .then()
        .statusCode(400)
        .body("detail", containsString("64 hexadecimal digits"));
    Path folder = images.resolve(image("folder"));
    Files.createDirectories(folder);
    made.add(0, folder);
    upload(rescueIso)
        .queryParam("name", folder.getFileName().toString())
        .post("/api/v1/images")
        .then()
        .statusCode(409)
        .body("detail", containsString("would hide the ISO"));
    given()
        .contentType("application/octet-stream")
        .body(rescueIso)
        .queryParam("name", name)
        .post("/api/v1/images")
        .then()
        .statusCode(401);
    noTemporaryFiles();
  }

  @Test
  void anIsoOnTheApplianceIsCopiedLinkedOrMovedWithItsPublishedChecksum() throws Exception {
    Path source = importDir.resolve(unique("src") + ".iso");
    Files.write(source, rescueIso);
    Path sidecar = source.resolveSibling(source.getFileName() + ".sha512");
    Files.writeString(sidecar, sha("SHA-512", rescueIso) + "  " + source.getFileName() + "\n");
    String copied = image("copied");
    admin()
        .contentType("application/json")
        .body(Map.of("path", source.toAbsolutePath().toString(), "name", copied))
        .post("/api/v1/images")
        .then()
        .statusCode(201)
        .body("image.iso.checksum", equalTo("VERIFIED"))
        .body("detection.volumeLabel", equalTo("RESCUE1200"));
    assertTrue(Files.exists(source), "a copy leaves the source");
    assertFalse(sameFile(source, images.resolve(copied + ".iso")));

    String linked = image("linked");
    admin()
        .contentType("application/json")
        .body(Map.of("path", source.toAbsolutePath().toString(), "name", linked, "mode", "link"))
        .post("/api/v1/images")
        .then()
        .statusCode(201)
        .body("image.iso.checksum", equalTo("VERIFIED"));
    assertTrue(sameFile(source, images.resolve(linked + ".iso")), "a hard link, no copy");

    String moved = source.getFileName().toString().replace(".iso", "");
    made.add(images.resolve(moved + ".iso"));
    made.add(images.resolve(moved + ".iso.sha512"));
    admin()
        .contentType("application/json")
        .body(Map.of("path", source.toAbsolutePath().toString(), "mode", "move"))
        .post("/api/v1/images")
        .then()
        .statusCode(201)
        .body("image.name", equalTo(moved));
    assertFalse(Files.exists(source), "a move takes the source away");
    Files.delete(sidecar);
  }

  @Test
  void anImportByPathReadsOnlyIsosInImportDirectories() throws Exception {
    String name = image("path");
    Path link = importDir.resolve(unique("shadow") + ".iso");
    Files.createSymbolicLink(link, Path.of("/etc/passwd"));
    Path text = importDir.resolve(unique("text") + ".iso");
    Files.writeString(text, "not an ISO");
    try {
      for (String outside :
          List.of(
              "/etc/passwd",
              link.toAbsolutePath().toString(),
              importDir.toAbsolutePath() + "/../../pom.xml")) {
        admin()
            .contentType("application/json")
            .body(Map.of("path", outside, "name", name))
            .post("/api/v1/images")
            .then()
            .statusCode(403)
            .body("detail", containsString("not in an import directory"));
      }
      pathImport(Map.of("path", "relative.iso", "name", name), 400);
      pathImport(Map.of("path", importDir.toAbsolutePath() + "/none.iso", "name", name), 404);
      pathImport(Map.of("path", text.toAbsolutePath().toString(), "name", name), 400);
      pathImport(
          Map.of("path", text.toAbsolutePath().toString(), "name", name, "mode", "steal"), 400);
      assertFalse(Files.exists(images.resolve(name + ".iso")));
      noTemporaryFiles();
    } finally {
      Files.delete(link);
      Files.delete(text);
    }
  }

  static void pathImport(Map<String, String> body, int status) {
    admin()
        .contentType("application/json")
        .body(body)
        .post("/api/v1/images")
        .then()
        .statusCode(status);
  }

  static boolean sameFile(Path a, Path b) throws IOException {
    return Files.readAttributes(a, BasicFileAttributes.class)
        .fileKey()
        .equals(Files.readAttributes(b, BasicFileAttributes.class).fileKey());
  }

  static void noTemporaryFiles() throws IOException {
    try (Stream<Path> files = Files.list(images)) {
      List<Path> tmp = files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
      assertTrue(tmp.isEmpty(), "temporary files left: " + tmp);
    }
  }

  static String sha(String algorithm, byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
  }
}
