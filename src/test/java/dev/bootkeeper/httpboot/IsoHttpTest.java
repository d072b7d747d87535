package dev.bootkeeper.httpboot;

import static dev.bootkeeper.api.ApiTestSupport.admin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.api.ApiTestSupport;
import dev.bootkeeper.iso.Xorriso;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ISO dropped into the images directory: its files fetched by curl at {@code
 * /images/<image>/<path in the ISO>} exactly as if extracted (whole, in ranges, HEAD), and the
 * image listed by the API with its volume label and checksum verdict.
 */
@QuarkusTest
class IsoHttpTest {

  @TestHTTPResource("/")
  URL base;

  @TempDir static Path work;
  static Path images;
  static String image;
  static String other;
  static byte[] kernel;
  static byte[] initrd;

  @BeforeAll
  static void iso() throws Exception {
    images = Path.of(ConfigProvider.getConfig().getValue("bootkeeper.images-dir", String.class));
    Files.createDirectories(images);
    image = ApiTestSupport.unique("rescue-iso");
    other = ApiTestSupport.unique("bad-sum-iso");
    Path src = Files.createDirectories(work.resolve("src/sysresccd/boot/x86_64"));
    Random random = new Random(11);
    kernel = new byte[3_000_001];
    random.nextBytes(kernel);
    initrd = new byte[100_000];
    random.nextBytes(initrd);
    Files.write(src.resolve("vmlinuz"), kernel);
    Files.write(src.resolve("sysresccd.img"), initrd);
    Path iso =
        Xorriso.mkisofs(
            work.resolve("src"), images.resolve(image + ".iso"), "RESCUE1200", "-R", "-J");
    Files.writeString(
        images.resolve(image + ".iso.sha256"),
        sha256(Files.readAllBytes(iso)) + "  " + image + ".iso\n");
    Path bad =
        Xorriso.mkisofs(work.resolve("src"), images.resolve(other + ".iso"), "RESCUE1100", "-R");
    Files.writeString(
        images.resolve(other + ".iso.sha256"), "0".repeat(64) + "  " + other + ".iso\n");
    assertTrue(Files.size(bad) > 0);
  }

  @AfterAll
  static void remove() throws IOException {
    for (String name :
        new String[] {
          image + ".iso", image + ".iso.sha256", other + ".iso", other + ".iso.sha256"
        }) {
      Files.deleteIfExists(images.resolve(name));
    }
  }

  private String url(String path) {
    return "http://127.0.0.1:" + base.getPort() + "/images/" + image + "/" + path;
  }

  @Test
  void aFileInsideTheIsoIsServedWholeInRangesAndToHead() throws Exception {
    Path body = work.resolve("kernel");
    Path head = work.resolve("kernel.h");
    String kernelUrl = url("sysresccd/boot/x86_64/vmlinuz");
    Curl.ok(work, "-D", head.toString(), "-o", body.toString(), kernelUrl);
    assertArrayEquals(kernel, Files.readAllBytes(body));
    List<String> h = headers(head);
    assertEquals("HTTP/1.1 200 OK", h.get(0));
    assertEquals(Integer.toString(kernel.length), header(h, "Content-Length"));

    Path part = work.resolve("part");
    Curl.ok(work, "-r", "1000-2999", "-D", head.toString(), "-o", part.toString(), kernelUrl);
    h = headers(head);
    assertEquals("HTTP/1.1 206 Partial Content", h.get(0));
    assertEquals("bytes 1000-2999/" + kernel.length, header(h, "Content-Range"));
    assertArrayEquals(Arrays.copyOfRange(kernel, 1000, 3000), Files.readAllBytes(part));
    Curl.ok(work, "-r", "-77", "-o", part.toString(), kernelUrl);
    assertArrayEquals(
        Arrays.copyOfRange(kernel, kernel.length - 77, kernel.length), Files.readAllBytes(part));

    Path headOnly = work.resolve("head.h");
    Curl.ok(work, "--head", "-D", headOnly.toString(), url("sysresccd/boot/x86_64/sysresccd.img"));
    List<String> hd = headers(headOnly);
    assertEquals("HTTP/1.1 200 OK", hd.get(0));
    assertEquals(Integer.toString(initrd.length), header(hd, "Content-Length"));

    Curl.ok(work, "-D", head.toString(), "-o", body.toString(), url("sysresccd/none"));
    assertEquals("HTTP/1.1 404 Not Found", headers(head).get(0));
  }

  @Test
  void theApiListsTheIsoWithItsLabelAndChecksumVerdict() {
    admin().post("/api/v1/images/rescan").then().statusCode(200);
    given()
        .get("/api/v1/images/" + image)
        .then()
        .statusCode(200)
        .body("iso.file", equalTo(image + ".iso"))
        .body("iso.volumeLabel", equalTo("RESCUE1200"))
        .body("iso.problem", nullValue())
        .body("iso.checksum", equalTo("VERIFIED"))
        .body("files.path", org.hamcrest.Matchers.hasItem(image + ".iso.sha256"));
    given()
        .get("/api/v1/images/" + other)
        .then()
        .statusCode(200)
        .body("iso.volumeLabel", equalTo("RESCUE1100"))
        .body("iso.checksum", equalTo("MISMATCH"))
        .body("iso.accepted", equalTo(false));
    given().get("/api/v1/images/" + image + ".iso").then().statusCode(404);
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  private static List<String> headers(Path file) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
      if (!line.isBlank()) {
        out.add(line.strip());
      }
    }
    return out;
  }

  private static String header(List<String> headers, String name) {
    for (String h : headers) {
      if (h.startsWith(name + ": ")) {
        return h.substring(name.length() + 2);
      }
    }
    return null;
  }
}
