package dev.bootkeeper.iso;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random damage to a real ISO's descriptors and directories, from a fixed seed so a failure can be
 * replayed: the reader answers with a tree or an {@link IsoException}, never another exception, and
 * each read ends quickly.
 */
class IsoReaderMutationTest {

  static final long SEED = 0x150_9660L;
  static final int ROUNDS = 3000;

  @TempDir Path dir;

  @Test
  void damagedImagesEndInATreeOrARefusal() throws Exception {
    Path src = Files.createDirectories(dir.resolve("src/sysresccd/boot/x86_64"));
    Files.writeString(src.resolve("vmlinuz"), "kernel");
    Files.writeString(dir.resolve("src/readme.txt"), "hello");
    Files.createSymbolicLink(dir.resolve("src/link"), Path.of("sysresccd/boot/x86_64/vmlinuz"));
    Files.createDirectories(dir.resolve("src/a/b/c/d/e/f/g/h/i"));
    byte[] good =
        Files.readAllBytes(
            Xorriso.mkisofs(dir.resolve("src"), dir.resolve("m.iso"), "MUTANT", "-R", "-J"));
    // The descriptors and every directory of so small an image lie in its first 64 sectors.
    int metadataEnd = Math.min(good.length, 64 * 2048);
    Random random = new Random(SEED);
    int trees = 0;
    int refusals = 0;
    for (int round = 0; round < ROUNDS; round++) {
      byte[] image = mutate(good, metadataEnd, random);
      int r = round;
      Object result =
          assertTimeoutPreemptively(
              Duration.ofSeconds(5),
              () -> {
                try {
                  IsoTree t = IsoReader.read(IsoSource.of(image));
                  t.files().forEach(t::find);
                  return t;
                } catch (IsoException e) {
                  return e;
                } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                  fail("round " + r + " of seed " + SEED + " threw " + e, e);
                  return null;
                }
              },
              "round " + r + " of seed " + SEED);
      if (result instanceof IsoTree) {
        trees++;
      } else {
        refusals++;
      }
    }
    assertTrue(trees > 0 && refusals > 0, "both outcomes happen: " + trees + "/" + refusals);
  }

  private static byte[] mutate(byte[] good, int metadataEnd, Random random) {
    byte[] image = good.clone();
    switch (random.nextInt(4)) {
      case 0 -> {
        int n = 1 + random.nextInt(8);
        for (int i = 0; i < n; i++) {
          image[16 * 2048 + random.nextInt(metadataEnd - 16 * 2048)] = (byte) random.nextInt();
        }
      }
      case 1 -> {
        // A field set to an extreme: lengths, extents and counts are what loops feed on.
        int at = 16 * 2048 + random.nextInt(metadataEnd - 16 * 2048 - 4);
        byte v = random.nextBoolean() ? (byte) 0xff : 0;
        Arrays.fill(image, at, at + 4, v);
      }
      case 2 -> {
        return Arrays.copyOf(image, random.nextInt(good.length));
      }
      default -> {
        // A sector of the metadata copied over another: records that point at the wrong place.
        int from = 16 + random.nextInt(metadataEnd / 2048 - 16);
        int to = 16 + random.nextInt(metadataEnd / 2048 - 16);
        System.arraycopy(good, from * 2048, image, to * 2048, 2048);
      }
    }
    return image;
  }
}
