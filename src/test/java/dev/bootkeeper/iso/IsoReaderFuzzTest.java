package dev.bootkeeper.iso;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The ISO reader against damaged images: a real xorriso-built ISO (Rock Ridge, Joliet, nested
 * folders, links inside and out; {@code fuzz-template.iso}) with fuzzer-chosen bytes overwritten
 * where the volume descriptors and directories live, possibly cut short. The reader either refuses
 * with {@link IsoException} or gives a tree whose every file lies inside the image and whose
 * lookups, of its own names and of any path, answer without an exception. Random bytes alone would
 * rarely get past the first descriptor; patching a valid image reaches the directory and Rock Ridge
 * parsing. Seeds: {@code IsoReaderFuzzTestInputs/}.
 *
 * <p>The template was made with {@code xorriso -as mkisofs -R -J -no-pad -V RESCUE1200} from a tree
 * holding {@code sysresccd/boot/x86_64/{vmlinuz,sysresccd.img}}, {@code
 * sysresccd/x86_64/airootfs.sfs}, {@code deep/a/b/c/file.txt}, {@code "deep/A Long Mixed-Case
 * Name.txt"} and the symbolic links {@code deep/kernel-link -> ../sysresccd/boot/x86_64/vmlinuz},
 * {@code deep/escape -> /etc/passwd} and {@code deep/a/up -> ../../..}; it is committed so that the
 * fuzzer needs no xorriso.
 */
class IsoReaderFuzzTest {

  private static final byte[] TEMPLATE = template();

  /** Where the template's descriptors and directories are: sector 16 to the end of its metadata. */
  private static final int METADATA_START = 16 * IsoReader.SECTOR;

  @FuzzTest(maxDuration = "25s")
  void aDamagedIsoIsRefusedOrReadWithinItsBounds(FuzzedDataProvider data) {
    byte[] iso = TEMPLATE.clone();
    int patches = data.consumeInt(0, 12);
    for (int i = 0; i < patches; i++) {
      int at = data.consumeInt(METADATA_START, iso.length - 1);
      byte[] bytes = data.consumeBytes(data.consumeInt(1, 16));
      System.arraycopy(bytes, 0, iso, at, Math.min(bytes.length, iso.length - at));
    }
    if (data.consumeBoolean()) {
      iso = Arrays.copyOf(iso, data.consumeInt(0, iso.length));
    }
    String path = data.consumeRemainingAsString();
    IsoTree tree;
    try {
      tree = IsoReader.read(IsoSource.of(iso));
    } catch (IsoException e) {
      return;
    }
    for (String name : tree.files()) {
      inside(tree.find(name), iso.length, name);
    }
    inside(tree.find(path), iso.length, path);
  }

  private static void inside(IsoLookup lookup, long size, String path) {
    if (lookup instanceof IsoLookup.Found f) {
      long offset = f.file().offset();
      long length = f.file().length();
      assertTrue(
          offset >= 0 && length >= 0 && offset + length <= size,
          path + " at " + offset + "+" + length + " past the end of " + size);
    }
  }

  private static byte[] template() {
    try (InputStream in = IsoReaderFuzzTest.class.getResourceAsStream("fuzz-template.iso")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
