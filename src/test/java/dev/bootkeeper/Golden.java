package dev.bootkeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden-file comparison. Files live in src/test/resources/golden; run the tests with {@code
 * -Dgolden.update=true} to rewrite them after an intended change, then review the diff.
 */
public final class Golden {

  private static final Path DIR = Path.of("src/test/resources/golden");

  private Golden() {}

  public static void assertMatches(String name, String actual) {
    Path file = DIR.resolve(name);
    try {
      if (Boolean.getBoolean("golden.update")) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, actual, StandardCharsets.UTF_8);
        return;
      }
      assertTrue(
          Files.exists(file),
          "golden file " + file + " is missing: run with -Dgolden.update=true to create it");
      assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, "golden file " + file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
