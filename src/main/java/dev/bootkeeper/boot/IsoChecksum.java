package dev.bootkeeper.boot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks an ISO against the checksum file published beside it ({@code name.iso.sha512} or {@code
 * name.iso.sha256}, as SystemRescue publishes them; {@code sha512sum} format, {@code <hex>
 * <name>}), using the hashes the catalog computed anyway. SHA-512 is preferred when both exist.
 */
public final class IsoChecksum {

  /** A checksum file is a line or a few; anything larger is not one. */
  static final long MAX_BYTES = 64 * 1024;

  public enum State {
    VERIFIED,
    MISMATCH,
    NONE,
    UNREADABLE
  }

  public record Verdict(State state, String detail) {}

  private IsoChecksum() {}

  /** The checksum files of an ISO, SHA-512 first. */
  public static List<Path> sidecars(Path iso) {
    return List.of(
        iso.resolveSibling(iso.getFileName() + ".sha512"),
        iso.resolveSibling(iso.getFileName() + ".sha256"));
  }

  public static Verdict verify(Path iso, String sha256, String sha512) {
    for (Path sidecar : sidecars(iso)) {
      if (!Files.isRegularFile(sidecar, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      boolean is512 = sidecar.getFileName().toString().endsWith(".sha512");
      String name = sidecar.getFileName().toString();
      Optional<String> expected;
      try {
        expected = expected(sidecar, iso.getFileName().toString(), is512 ? 128 : 64);
      } catch (IOException e) {
        return new Verdict(State.UNREADABLE, name + " cannot be read: " + e.getMessage());
      }
      if (expected.isEmpty()) {
        return new Verdict(State.UNREADABLE, name + " holds no checksum of this ISO");
      }
      String actual = is512 ? sha512 : sha256;
      if (expected.get().equals(actual)) {
        return new Verdict(State.VERIFIED, "matches " + name);
      }
      return new Verdict(
          State.MISMATCH,
          "does not match " + name + ": expected " + expected.get() + ", the ISO has " + actual);
    }
    return new Verdict(State.NONE, "no .sha512 or .sha256 file beside the ISO");
  }

  /**
   * The checksum a published checksum file gives for the ISO {@code isoName} (or its only
   * checksum), with the file's extension ({@code sha512} or {@code sha256}); empty when it holds
   * none.
   */
  public static Optional<String> published(Path sidecar, String isoName) throws IOException {
    boolean is512 = sidecar.getFileName().toString().endsWith(".sha512");
    return expected(sidecar, isoName, is512 ? 128 : 64);
  }

  /** The hash for {@code isoName} (or the file's only hash), lower case. */
  static Optional<String> expected(Path sidecar, String isoName, int hexLength) throws IOException {
    if (Files.size(sidecar) > MAX_BYTES) {
      throw new IOException("larger than a checksum file");
    }
    String only = null;
    int hashes = 0;
    for (String line : Files.readAllLines(sidecar, StandardCharsets.UTF_8)) {
      String[] parts = line.strip().split("\\s+", 2);
      String hex = parts[0].toLowerCase(Locale.ROOT);
      if (hex.length() != hexLength || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
        continue;
      }
      hashes++;
      only = hex;
      if (parts.length == 2 && parts[1].replaceFirst("^\\*", "").strip().equals(isoName)) {
        return Optional.of(hex);
      }
    }
    return hashes == 1 ? Optional.ofNullable(only) : Optional.empty();
  }
}
