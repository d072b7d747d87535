package dev.bootkeeper.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.CapturedLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Stage3ChecksumsTest {

  @TempDir Path root;

  private static Path file(Path p, int size, long seed) throws IOException {
    Files.createDirectories(p.getParent());
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    Files.write(p, b);
    Files.setLastModifiedTime(p, FileTime.fromMillis(1_700_000_000_000L));
    return p;
  }

  /** Runs {@code sha512sum -c} or {@code md5sum -c} (coreutils) in the file's folder. */
  private static String check(String tool, Path sumFile) throws Exception {
    Process p =
        new ProcessBuilder(tool, "-c", sumFile.getFileName().toString())
            .directory(sumFile.getParent().toFile())
            .redirectErrorStream(true)
            .start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), tool + " did not finish");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), tool + " -c failed: " + out);
    return out;
  }

  @Test
  void writesWhatTheArchisoHookAndOldSystemRescueCdCheck() throws Exception {
    Path sfs = file(root.resolve("sr/sysresccd/x86_64/airootfs.sfs"), 300_000, 1);
    Path dat = file(root.resolve("old/sysrcd.dat"), 200_000, 2);
    file(root.resolve("sr/sysresccd/boot/x86_64/vmlinuz"), 1000, 3);

    Stage3Checksums.Result r = new Stage3Checksums(new ImageRoot(root), false).generate();

    assertEquals(new Stage3Checksums.Result(2, 0, List.of()), r);
    Path sha = sfs.resolveSibling("airootfs.sha512");
    Path md5 = dat.resolveSibling("sysrcd.md5");
    String line = Files.readString(sha);
    assertTrue(line.matches("[0-9a-f]{128}  airootfs\\.sfs\n"), line);
    assertTrue(Files.readString(md5).matches("[0-9a-f]{32}  sysrcd\\.dat\n"));
    assertEquals("airootfs.sfs: OK\n", check("sha512sum", sha));
    assertEquals("sysrcd.dat: OK\n", check("md5sum", md5));
    assertTrue(Files.getLastModifiedTime(sha).compareTo(Files.getLastModifiedTime(sfs)) > 0);
    try (var s = Files.list(sfs.getParent())) {
      assertEquals(2, s.count(), "no temporary file is left behind");
    }
  }

  @Test
  void leavesUpToDateFilesAloneAndRedoesStaleOnes() throws Exception {
    Path sfs = file(root.resolve("a/arch/x86_64/airootfs.sfs"), 100_000, 4);
    Stage3Checksums sums = new Stage3Checksums(new ImageRoot(root), false);
    assertEquals(1, sums.generate().written());
    Path sha = sfs.resolveSibling("airootfs.sha512");
    FileTime written = Files.getLastModifiedTime(sha);

    assertEquals(new Stage3Checksums.Result(0, 1, List.of()), sums.generate());
    assertEquals(written, Files.getLastModifiedTime(sha));

    // The image is replaced by a newer build: its checksum file is now stale.
    file(sfs, 100_000, 5);
    Files.setLastModifiedTime(sfs, FileTime.fromMillis(written.toMillis() + 60_000));
    assertEquals(new Stage3Checksums.Result(1, 0, List.of()), sums.generate());
    check("sha512sum", sha);
  }

  @Test
  void aWrongChecksumFileOlderThanTheImageIsReplaced() throws Exception {
    Path sfs = file(root.resolve("x86_64/airootfs.sfs"), 50_000, 6);
    Path sha = sfs.resolveSibling("airootfs.sha512");
    Files.writeString(sha, "0".repeat(128) + "  airootfs.sfs\n");
    Files.setLastModifiedTime(sha, FileTime.fromMillis(1_600_000_000_000L));
    assertEquals(1, new Stage3Checksums(new ImageRoot(root), false).generate().written());
    check("sha512sum", sha);
  }

  @Test
  void aFileThatCannotBeWrittenIsReportedAndTheOthersStillDone() throws Exception {
    Path blocked = file(root.resolve("blocked/x86_64/airootfs.sfs"), 10_000, 7);
    // A non-empty directory where the checksum file should go cannot be replaced, even by root.
    Files.createDirectories(blocked.resolveSibling("airootfs.sha512").resolve("x"));
    Path ok = file(root.resolve("ok/sysrcd.dat"), 10_000, 8);

    Stage3Checksums.Result r = new Stage3Checksums(new ImageRoot(root), false).generate();

    assertEquals(1, r.written());
    assertEquals(1, r.failed().size());
    assertTrue(r.failed().get(0).startsWith("blocked/x86_64/airootfs.sfs: "), r.failed().get(0));
    check("md5sum", ok.resolveSibling("sysrcd.md5"));
  }

  @Test
  void aSymlinkLeavingTheRootIsNotFollowed(@TempDir Path outside) throws Exception {
    Path real = file(outside.resolve("x86_64/airootfs.sfs"), 10_000, 9);
    Files.createSymbolicLink(root.resolve("escape"), real.getParent());
    Stage3Checksums.Result r = new Stage3Checksums(new ImageRoot(root), false).generate();
    assertEquals(new Stage3Checksums.Result(0, 0, List.of()), r);
    assertFalse(Files.exists(real.resolveSibling("airootfs.sha512")));
  }

  @Test
  void aSymlinkedTemporaryFileIsNotWrittenThrough(@TempDir Path outside) throws Exception {
    Path victim = outside.resolve("shadow");
    Files.writeString(victim, "root:precious:19000:0:99999:7:::\n");
    Path sfs = file(root.resolve("evil/airootfs.sfs"), 10_000, 11);
    Files.createSymbolicLink(sfs.resolveSibling(".airootfs.sha512.tmp"), victim);

    Stage3Checksums.Result r = new Stage3Checksums(new ImageRoot(root), false).generate();

    assertEquals("root:precious:19000:0:99999:7:::\n", Files.readString(victim));
    assertEquals(new Stage3Checksums.Result(1, 0, List.of()), r);
    check("sha512sum", sfs.resolveSibling("airootfs.sha512"));
  }

  @Test
  void aSymlinkedChecksumFileIsNeitherReadNorReplaced(@TempDir Path outside) throws Exception {
    Path secret = outside.resolve("secret");
    Files.writeString(secret, "SECRET-FIRST-LINE\nmore\n");
    Files.setLastModifiedTime(secret, FileTime.fromMillis(1_600_000_000_000L));
    Path sfs = file(root.resolve("evil/airootfs.sfs"), 10_000, 12);
    Path sha = sfs.resolveSibling("airootfs.sha512");
    Files.createSymbolicLink(sha, secret);

    Stage3Checksums.Result r;
    List<String> logged;
    try (CapturedLog log = CapturedLog.of("dev.bootkeeper")) {
      r = new Stage3Checksums(new ImageRoot(root), false).generate();
      logged = log.messages();
    }

    assertEquals("SECRET-FIRST-LINE\nmore\n", Files.readString(secret));
    assertTrue(logged.stream().noneMatch(m -> m.contains("SECRET")), String.join("\n", logged));
    assertTrue(Files.isSymbolicLink(sha), "the link is refused, not silently replaced");
    assertEquals(0, r.written());
    assertEquals(1, r.failed().size());
    assertTrue(r.failed().get(0).contains("symlink"), r.failed().get(0));
  }

  @Test
  void aSymlinkLoopIsSkippedAndTheImagesAfterItAreStillDone() throws Exception {
    // A loop in every image's folder: whichever the walk meets first, the others must still be
    // done.
    List<String> images = List.of("a", "b", "c", "d", "e");
    for (String image : images) {
      file(root.resolve(image + "/x86_64/airootfs.sfs"), 1000, image.hashCode());
      Files.createSymbolicLink(root.resolve(image + "/loop"), Path.of(".."));
    }

    Stage3Checksums.Result r;
    List<String> logged;
    try (CapturedLog log = CapturedLog.of("dev.bootkeeper")) {
      r = new Stage3Checksums(new ImageRoot(root), false).generate();
      logged = log.messages();
    }

    assertEquals(new Stage3Checksums.Result(images.size(), 0, List.of()), r);
    for (String image : images) {
      check("sha512sum", root.resolve(image + "/x86_64/airootfs.sha512"));
      assertEquals(
          1,
          logged.stream().filter(m -> m.contains(image + "/loop") && m.contains("loop")).count(),
          String.join("\n", logged));
    }
  }

  @Test
  void runsInTheBackground() throws Exception {
    file(root.resolve("bg/x86_64/airootfs.sfs"), 10_000, 10);
    Stage3Checksums sums = new Stage3Checksums(new ImageRoot(root), false);
    assertEquals(1, sums.inBackground().get(60, TimeUnit.SECONDS).written());
  }
}
