package dev.bootkeeper.tftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.iso.Xorriso;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files inside an ISO in the images directory, fetched by tftp-hpa at {@code <image>/<path in the
 * ISO>}: byte for byte the files the ISO was built from, from the cache and streamed alike.
 */
class TftpIsoTest {

  @TempDir static Path dir;
  static Path root;
  static Path source;
  static TestTftp cached;
  static TestTftp streamed;

  @BeforeAll
  static void start() throws Exception {
    root = Files.createDirectories(dir.resolve("images"));
    source = dir.resolve("src");
    Path boot = Files.createDirectories(source.resolve("sysresccd/boot/x86_64"));
    Random random = new Random(7);
    byte[] kernel = new byte[1_234_567];
    random.nextBytes(kernel);
    Files.write(boot.resolve("vmlinuz"), kernel);
    byte[] small = new byte[513];
    random.nextBytes(small);
    Files.write(boot.resolve("small.bin"), small);
    Files.createSymbolicLink(source.resolve("kernel"), Path.of("sysresccd/boot/x86_64/vmlinuz"));
    Xorriso.mkisofs(source, root.resolve("rescue.iso"), "RESCUE1200", "-R", "-J");
    cached = new TestTftp(root, Map.of(), new TestTftp.Settings());
    TestTftp.Settings noCache = new TestTftp.Settings();
    noCache.cacheMaxFileBytes = 0;
    streamed = new TestTftp(root, Map.of(), noCache);
  }

  @AfterAll
  static void stop() {
    if (cached != null) {
      cached.close();
    }
    if (streamed != null) {
      streamed.close();
    }
  }

  @Test
  void filesInsideTheIsoAreServedAsIfExtracted() throws Exception {
    for (TestTftp server : new TestTftp[] {cached, streamed}) {
      for (String path :
          new String[] {
            "sysresccd/boot/x86_64/vmlinuz", "sysresccd/boot/x86_64/small.bin", "kernel"
          }) {
        Path target = dir.resolve("out-" + server.port() + "-" + path.replace('/', '_'));
        String output = get(server, "rescue/" + path, target);
        assertEquals("", output.trim(), "tftp-hpa fetched rescue/" + path);
        Path original =
            path.equals("kernel")
                ? source.resolve("sysresccd/boot/x86_64/vmlinuz")
                : source.resolve(path);
        assertArrayEquals(Files.readAllBytes(original), Files.readAllBytes(target), path);
      }
    }
  }

  @Test
  void missingAndEscapingPathsAreAnsweredAsForFolders() throws Exception {
    String missing = get(cached, "rescue/sysresccd/nothing", dir.resolve("none"));
    assertTrue(missing.contains("Error code 1"), "file not found: " + missing);
    String climb = get(cached, "rescue/../../etc/passwd", dir.resolve("climb"));
    assertTrue(climb.contains("Error code 2"), "access violation: " + climb);
    String link = get(cached, "rescue/kernel/x", dir.resolve("through-a-file"));
    assertTrue(link.contains("Error code 1"), "a file is no folder: " + link);
  }

  private static String get(TestTftp server, String path, Path target) throws Exception {
    Path log = dir.resolve("tftp-" + System.nanoTime() + ".log");
    Process p =
        new ProcessBuilder(
                "tftp",
                "127.0.0.1",
                Integer.toString(server.port()),
                "-m",
                "binary",
                "-c",
                "get",
                path,
                target.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "tftp finished");
    return Files.readString(log, StandardCharsets.UTF_8);
  }
}
