package dev.bootkeeper.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.CapturedLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageScanTest {

  @TempDir Path root;

  private Path file(String rel) throws Exception {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, rel);
    return p;
  }

  private Set<String> scanned() {
    return ImageScan.files(root).stream()
        .map(p -> root.relativize(p).toString())
        .collect(Collectors.toSet());
  }

  @Test
  void aSymlinkLoopIsSkippedWithOneWarningAndTheRestIsListed() throws Exception {
    file("a/vmlinuz");
    Files.createSymbolicLink(root.resolve("a/loop"), Path.of(".."));
    file("b/initrd.img");
    file("z/x86_64/airootfs.sfs");

    List<String> logged;
    Set<String> files;
    try (CapturedLog log = CapturedLog.of("dev.bootkeeper")) {
      files = scanned();
      logged = log.messages();
    }

    assertEquals(Set.of("a/vmlinuz", "b/initrd.img", "z/x86_64/airootfs.sfs"), files);
    List<String> warnings = logged.stream().filter(m -> m.contains("a/loop")).toList();
    assertEquals(1, warnings.size(), String.join("\n", logged));
    assertTrue(warnings.get(0).contains("symlink loop"), warnings.get(0));
  }

  @Test
  void aFolderLinkedOutOfTheRootIsNotEntered(@TempDir Path outside) throws Exception {
    Files.writeString(outside.resolve("secret"), "x");
    Files.createSymbolicLink(root.resolve("out"), outside);
    file("in/vmlinuz");
    assertEquals(Set.of("in/vmlinuz"), scanned());
  }

  @Test
  void aFolderLinkedInsideTheRootIsFollowedAndBrokenLinksAreIgnored() throws Exception {
    file("real/vmlinuz");
    Files.createSymbolicLink(root.resolve("alias"), Path.of("real"));
    Files.createSymbolicLink(root.resolve("dangling"), Path.of("nowhere"));
    assertEquals(Set.of("real/vmlinuz", "alias/vmlinuz"), scanned());
  }

  @Test
  void aNameWithANewlineIsEscapedInTheWarning() throws Exception {
    Files.createDirectories(root.resolve("x\nFORGED"));
    Files.createSymbolicLink(root.resolve("x\nFORGED/loop"), Path.of(".."));
    try (CapturedLog log = CapturedLog.of("dev.bootkeeper")) {
      scanned();
      assertTrue(
          log.messages().stream().anyMatch(m -> m.contains("x\\nFORGED/loop")),
          log.messages().toString());
      assertTrue(log.messages().stream().noneMatch(m -> m.contains("\n")));
    }
  }
}
