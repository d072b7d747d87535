package dev.bootkeeper.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the end-to-end boots serve: the boot loaders ({@code images/fetch-bootloaders.sh}), the test
 * guest's kernel, initramfs and the NBD client appended to it for an NBD stage 3 ({@code
 * src/test/e2e/build-guest.sh}) and a stage-3 payload. Both scripts download Debian packages; their
 * output is kept under {@code target/e2e/cache} and built again only when the script changes.
 */
final class BootArtifacts {

  static final Path GUEST_SCRIPT = Path.of("src/test/e2e/build-guest.sh");
  static final Path LOADER_SCRIPT = Path.of("images/fetch-bootloaders.sh");
  static final String STAGE3 = "stage3/payload.bin";

  /** The stage-3 payload's size: big enough to take many TCP segments, small enough to be quick. */
  static final int STAGE3_BYTES = 768 * 1024;

  private BootArtifacts() {}

  static Path cache() {
    return Appliance.jar().toAbsolutePath().getParent().getParent().resolve("e2e/cache");
  }

  static synchronized Path guest() {
    return built(GUEST_SCRIPT, cache().resolve("guest"), "vmlinuz", "initrd.img", "nbd.img");
  }

  static synchronized Path loaders() {
    return built(
        LOADER_SCRIPT, cache().resolve("loaders"), "pxelinux.0", "ldlinux.c32", "snponly.efi");
  }

  /**
   * Fills an images directory: the loaders at its root (where DHCP's boot file names point), the
   * guest under {@code guest/}, and a fresh random stage-3 payload. Returns the payload's SHA-256.
   */
  static String populate(Path images) throws IOException {
    copyTree(loaders(), images);
    Path guest = guest();
    Files.createDirectories(images.resolve("guest"));
    for (String f : List.of("vmlinuz", "initrd.img")) {
      Files.copy(
          guest.resolve(f),
          images.resolve("guest").resolve(f),
          StandardCopyOption.REPLACE_EXISTING);
    }
    byte[] payload = new byte[STAGE3_BYTES];
    new SecureRandom().nextBytes(payload);
    Path p = images.resolve(STAGE3);
    Files.createDirectories(p.getParent());
    Files.write(p, payload);
    return sha256(payload);
  }

  private static Path built(Path script, Path out, String... expected) {
    if (!Files.isRegularFile(script)) {
      throw new IllegalStateException(script + " is missing (run the tests from the project root)");
    }
    try {
      String stamp = sha256(Files.readAllBytes(script));
      Path stampFile = out.resolve(".built-by");
      boolean complete = Stream.of(expected).allMatch(f -> Files.isRegularFile(out.resolve(f)));
      if (complete
          && Files.isRegularFile(stampFile)
          && Files.readString(stampFile).strip().equals(stamp)) {
        return out;
      }
      Files.createDirectories(out);
      long t0 = System.nanoTime();
      Shell.run(
          600,
          List.of("bash", script.toAbsolutePath().toString(), out.toString()),
          out.getParent().resolve(out.getFileName() + ".log"));
      for (String f : expected) {
        if (!Files.isRegularFile(out.resolve(f))) {
          throw new IllegalStateException(script + " did not write " + out.resolve(f));
        }
      }
      Files.writeString(stampFile, stamp + "\n");
      System.out.printf("[e2e] %s -> %s in %.1f s%n", script, out, (System.nanoTime() - t0) / 1e9);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path rel = from.relativize(f);
        if (rel.toString().startsWith(".")) {
          continue;
        }
        Path dest = to.resolve(rel.toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(f, dest, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
