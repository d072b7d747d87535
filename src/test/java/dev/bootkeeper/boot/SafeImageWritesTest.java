package dev.bootkeeper.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeImageWritesTest {

  @TempDir Path root;
  @TempDir Path outside;

  private SafeImageWrites writes() {
    return new SafeImageWrites(new ImageRoot(root));
  }

  @Test
  void replacesAFileAndLeavesNoTemporaryFileBehind() throws Exception {
    Path target = root.resolve("debian/vmlinuz");
    writes().createFolders(target);
    writes().replace(target, "one");
    writes().replace(target, "two");
    assertEquals("two", Files.readString(target));
    try (Stream<Path> s = Files.list(target.getParent())) {
      assertEquals(1, s.count());
    }
  }

  @Test
  void aTargetThatIsASymlinkIsRefused() throws Exception {
    Path victim = Files.writeString(outside.resolve("victim"), "keep");
    Path link = Files.createSymbolicLink(root.resolve("vmlinuz"), victim);
    assertThrows(SafeImageWrites.Refused.class, () -> writes().replace(link, "evil"));
    assertEquals("keep", Files.readString(victim));
    assertTrue(Files.isSymbolicLink(link));
  }

  @Test
  void aFolderLinkedOutOfTheRootIsRefused() throws Exception {
    Files.createSymbolicLink(root.resolve("escape"), outside);
    Path target = root.resolve("escape/deeper/vmlinuz");
    assertThrows(SafeImageWrites.Refused.class, () -> writes().createFolders(target));
    assertFalse(Files.exists(outside.resolve("deeper")));
    assertThrows(
        SafeImageWrites.Refused.class, () -> writes().replace(root.resolve("escape/x"), "evil"));
    assertFalse(Files.exists(outside.resolve("x")));
  }

  @Test
  void aPathOutsideTheRootIsRefused() {
    assertThrows(
        SafeImageWrites.Refused.class,
        () -> writes().replace(root.resolve("../" + root.getFileName() + "x/evil"), "evil"));
    assertThrows(SafeImageWrites.Refused.class, () -> writes().replace(root, "evil"));
  }

  @Test
  void aSymlinkIsNeverRead() throws Exception {
    Path secret = Files.writeString(outside.resolve("secret"), "secret");
    Path link = Files.createSymbolicLink(root.resolve("airootfs.sha512"), secret);
    assertEquals(Optional.empty(), writes().readSmall(link, 100));
    Path plain = Files.writeString(root.resolve("sysrcd.md5"), "0123456789");
    assertEquals(Optional.of("01234"), writes().readSmall(plain, 5));
  }

  @Test
  void whatTheContentThrowsIsPassedOnAndTheTemporaryFileRemoved() throws Exception {
    Path target = root.resolve("big.iso");
    IOException thrown =
        assertThrows(
            IOException.class,
            () ->
                writes()
                    .replace(
                        target,
                        out -> {
                          out.write(1);
                          throw new IOException("too large");
                        }));
    assertEquals("too large", thrown.getMessage());
    try (Stream<Path> s = Files.list(root)) {
      assertEquals(0, s.count());
    }
  }

  @Test
  void withoutOverwriteAnExistingTargetIsKept() throws Exception {
    Path target = Files.writeString(root.resolve("a.iso"), "first");
    assertThrows(
        SafeImageWrites.Exists.class,
        () -> writes().write(target, out -> out.write('x'), written -> {}, false));
    assertEquals("first", Files.readString(target));
    assertOnlyFiles(1);
  }

  @Test
  void aFileTheCheckRefusesNeverTakesItsName() throws Exception {
    Path target = root.resolve("a.iso");
    assertThrows(
        IOException.class,
        () ->
            writes()
                .write(
                    target,
                    out -> out.write('x'),
                    written -> {
                      throw new IOException("not an ISO");
                    },
                    true));
    assertFalse(Files.exists(target));
    assertOnlyFiles(0);
  }

  @Test
  void aMovedFileTheCheckRefusesGoesBack() throws Exception {
    Path source = Files.writeString(outside.resolve("src.iso"), "bytes");
    assertThrows(
        IOException.class,
        () ->
            writes()
                .adopt(
                    source,
                    root.resolve("a.iso"),
                    true,
                    written -> {
                      throw new IOException("not an ISO");
                    },
                    false));
    assertEquals("bytes", Files.readString(source));
    assertOnlyFiles(0);
  }

  @Test
  void aLinkedFileIsTheSameFile() throws Exception {
    Path source = Files.writeString(outside.resolve("src.iso"), "bytes");
    Path target = root.resolve("a.iso");
    writes().adopt(source, target, false, written -> {}, false);
    assertTrue(Files.isSameFile(source, target));
    assertFalse(Files.isSymbolicLink(target));
    assertOnlyFiles(1);
  }

  @Test
  void aFileOnAnotherFileSystemIsRefusedForLinkAndMove() throws Exception {
    Path shm = Path.of("/dev/shm");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isDirectory(shm) && !Files.getFileStore(shm).equals(Files.getFileStore(root)),
        "needs /dev/shm on another file system");
    Path source = Files.createTempFile(shm, "bootkeeper", ".iso");
    try {
      for (boolean move : new boolean[] {false, true}) {
        SafeImageWrites.Refused e =
            assertThrows(
                SafeImageWrites.Refused.class,
                () -> writes().adopt(source, root.resolve("a.iso"), move, written -> {}, false));
        assertTrue(e.getMessage().contains("another file system"), e.getMessage());
        assertTrue(Files.exists(source));
      }
      assertOnlyFiles(0);
    } finally {
      Files.delete(source);
    }
  }

  private void assertOnlyFiles(long count) throws IOException {
    try (Stream<Path> s = Files.list(root)) {
      assertEquals(count, s.count());
    }
  }
}
