package dev.bootkeeper.boot;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;

/**
 * The one path normaliser that TFTP, HTTP and NBD share, against any path a client can send, in an
 * images directory with links that lead out of it and an ISO read in place: nothing outside the
 * root is ever found, and a normalised path never climbs or carries an empty or dot segment. Seeds:
 * {@code ImageRootFuzzTestInputs/}.
 */
class ImageRootFuzzTest {

  private static final Path BASE = layout();
  private static final Path ROOT = BASE.resolve("images");
  private static final ImageRoot IMAGES = new ImageRoot(ROOT);

  @FuzzTest(maxDuration = "25s")
  void nothingOutsideTheRootIsFound(byte[] bytes) throws IOException {
    String requested = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    if (ImageRoot.normalise(requested) instanceof ImageRoot.Normalised.Ok ok) {
      String p = ok.path();
      assertFalse(p.startsWith("/") || p.endsWith("/"), p);
      for (String segment : p.split("/")) {
        assertFalse(Set.of("..", ".").contains(segment), p);
        assertFalse(segment.isEmpty() && !p.isEmpty(), p);
      }
    }
    if (IMAGES.lookup(requested) instanceof FileLookup.Found found
        && found.file() instanceof BootFile.OnDisk disk) {
      assertTrue(
          disk.path().toRealPath().startsWith(ROOT.toRealPath()),
          requested + " found " + disk.path());
    }
  }

  @AfterAll
  static void removeLayout() throws IOException {
    try (Stream<Path> all = Files.walk(BASE)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /**
   * {@code base/secret} and {@code base/outside/} lie outside the root; links inside point at them,
   * and at files inside.
   */
  private static Path layout() {
    try {
      Path base = Files.createTempDirectory("bootkeeper-fuzz");
      Path root = Files.createDirectories(base.resolve("images"));
      Files.writeString(base.resolve("secret"), "secret");
      Files.createDirectories(base.resolve("outside"));
      Files.writeString(base.resolve("outside/file"), "outside");
      Files.createDirectories(root.resolve("debian/live"));
      Files.writeString(root.resolve("debian/vmlinuz"), "kernel");
      Files.writeString(root.resolve("debian/live/filesystem.squashfs"), "root");
      Files.writeString(root.resolve("pxelinux.0"), "loader");
      Files.createSymbolicLink(root.resolve("escape"), base.resolve("outside"));
      Files.createSymbolicLink(root.resolve("debian/secret"), base.resolve("secret"));
      Files.createSymbolicLink(root.resolve("debian/up"), Path.of("../../secret"));
      Files.createSymbolicLink(root.resolve("debian/kernel"), Path.of("vmlinuz"));
      Files.write(
          root.resolve("rescue.iso"),
          ImageRootFuzzTest.class
              .getResourceAsStream("/dev/bootkeeper/iso/fuzz-template.iso")
              .readAllBytes());
      return base;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
