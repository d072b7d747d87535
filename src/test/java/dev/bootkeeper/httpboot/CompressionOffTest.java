package dev.bootkeeper.httpboot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * With the server's compression turned on, boot files still go out as they are: iPXE boots a
 * gzipped kernel as garbage, and GRUB would lose its exact-case {@code Content-Length: }.
 */
@QuarkusTest
@TestProfile(CompressionOffTest.CompressionOn.class)
class CompressionOffTest {

  public static class CompressionOn implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "quarkus.http.enable-compression", "true",
          "quarkus.http.compress-media-types",
              "text/plain,application/octet-stream,application/efi,application/json");
    }
  }

  @TestHTTPResource("/")
  URL base;

  @Test
  void bootFilesAreNeverCompressed() throws Exception {
    Path images =
        Path.of(ConfigProvider.getConfig().getValue("bootkeeper.images-dir", String.class));
    Path dir = images.resolve("httpboot-gzip-" + System.nanoTime());
    Files.createDirectories(dir);
    byte[] text = "console=ttyS0 ".repeat(5000).getBytes(StandardCharsets.US_ASCII);
    Files.write(dir.resolve("compressible.bin"), text);
    try {
      for (String path :
          new String[] {
            "/images/" + images.relativize(dir) + "/compressible.bin",
            "/boot/02:48:54:99:99:99.ipxe"
          }) {
        RawHttp.Answer a =
            RawHttp.exchange(
                base.getPort(),
                "GET "
                    + path
                    + " HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip, deflate\r\n"
                    + "Connection: close\r\n\r\n",
                10_000);
        String head = a.head();
        assertTrue(a.statusLine().startsWith("HTTP/1.1 200 "), head);
        assertFalse(head.toLowerCase(Locale.ROOT).contains("content-encoding"), head);
        assertFalse(head.toLowerCase(Locale.ROOT).contains("transfer-encoding"), head);
        assertTrue(head.contains("\r\nContent-Length: " + a.body().length), head);
        if (path.endsWith(".bin")) {
          assertArrayEquals(text, a.body());
        } else {
          assertTrue(new String(a.body(), StandardCharsets.UTF_8).startsWith("#!ipxe\n"));
        }
      }
    } finally {
      Files.deleteIfExists(dir.resolve("compressible.bin"));
      Files.deleteIfExists(dir);
    }
  }
}
