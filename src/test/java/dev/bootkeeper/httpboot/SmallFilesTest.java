package dev.bootkeeper.httpboot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmallFilesTest {

  @TempDir Path dir;

  private static SmallFiles.Key keyOf(Path file, long offset, long size) throws Exception {
    return SmallFiles.Key.of(
        file, offset, size, Files.readAttributes(file, BasicFileAttributes.class));
  }

  @Test
  void aFileIsKeptOnceLoadedAndARewriteIsANewEntry() throws Exception {
    Path file = dir.resolve("menu.c32");
    Files.writeString(file, "first version", StandardCharsets.US_ASCII);
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
    SmallFiles files = new SmallFiles();
    SmallFiles.Key first = keyOf(file, 0, 13);

    assertNull(files.get(first), "nothing kept before a load");
    assertTrue(files.claimLoad(first));
    assertFalse(files.claimLoad(first), "a burst of requests loads it once");
    files.load(first);
    assertArrayEquals(
        "first version".getBytes(StandardCharsets.US_ASCII), files.get(first).getBytes());
    assertFalse(files.claimLoad(first), "kept: nothing to load");

    // Rewritten in place with the same size: the look-up's stat makes it another key.
    Files.writeString(file, "other version", StandardCharsets.US_ASCII);
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-02T00:00:00Z")));
    SmallFiles.Key second = keyOf(file, 0, 13);
    assertNotEquals(first, second);
    assertNull(files.get(second));
    assertTrue(files.claimLoad(second));
    files.load(second);
    assertArrayEquals(
        "other version".getBytes(StandardCharsets.US_ASCII), files.get(second).getBytes());
  }

  @Test
  void aFileThatChangesWhileItIsReadIsNotKept() throws Exception {
    Path file = dir.resolve("grub.cfg");
    Files.writeString(file, "0123456789", StandardCharsets.US_ASCII);
    SmallFiles files = new SmallFiles();
    SmallFiles.Key stale = keyOf(file, 2, 4);
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-03T00:00:00Z")));
    assertTrue(files.claimLoad(stale));
    files.load(stale);
    assertNull(files.get(stale), "its time moved after the look-up: not kept");
    assertTrue(files.claimLoad(stale), "and not marked as being loaded either");
  }

  @Test
  void aRegionOfAFileIsKeptAsThatRegionAndLargeFilesAreNot() throws Exception {
    Path iso = dir.resolve("image.iso");
    Files.writeString(iso, "headerKERNELtrailer", StandardCharsets.US_ASCII);
    SmallFiles files = new SmallFiles();
    SmallFiles.Key kernel = keyOf(iso, 6, 6);
    assertTrue(files.claimLoad(kernel));
    files.load(kernel);
    assertArrayEquals("KERNEL".getBytes(StandardCharsets.US_ASCII), files.get(kernel).getBytes());
    assertFalse(files.claimLoad(keyOf(iso, 0, SmallFiles.MAX_FILE_BYTES + 1)));
  }
}
