package dev.bootkeeper.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageRootTest {

  @ParameterizedTest
  @CsvSource({
    "pxelinux.0, pxelinux.0",
    "/pxelinux.0, pxelinux.0",
    "//grub//x86_64-efi/./http.mod, grub/x86_64-efi/http.mod",
    "sr/sysresccd/boot/syslinux/../../boot/x86_64/vmlinuz, sr/sysresccd/boot/x86_64/vmlinuz",
  })
  void normalisesWhatClientsSend(String in, String out) {
    assertEquals(new ImageRoot.Normalised.Ok(out), ImageRoot.normalise(in));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../etc/passwd",
        "/../etc/passwd",
        "a/../../etc/passwd",
        "..",
        "a\\..\\b",
        "a\u0000b",
        "a\nb",
        ""
      })
  void refusesTraversalAndControlCharacters(String in) {
    assertInstanceOf(ImageRoot.Normalised.Bad.class, ImageRoot.normalise(in));
  }

  @Test
  void refusesASymlinkThatLeavesTheRoot(@TempDir Path tmp) throws IOException {
    Path root = Files.createDirectory(tmp.resolve("root"));
    Path secret = Files.writeString(tmp.resolve("secret"), "x");
    Files.createSymbolicLink(root.resolve("leak"), secret);
    Files.writeString(root.resolve("inside"), "y");
    Files.createSymbolicLink(root.resolve("alias"), root.resolve("inside"));
    ImageRoot r = new ImageRoot(root);
    assertInstanceOf(FileLookup.Refused.class, r.lookup("leak"));
    FileLookup ok = r.lookup("/alias");
    assertInstanceOf(FileLookup.Found.class, ok);
    assertEquals(1, ((FileLookup.Found) ok).file().size());
    assertInstanceOf(FileLookup.Missing.class, r.lookup("nothing-here"));
  }
}
