package dev.bootkeeper.nbd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.boot.ClientDirectory;
import dev.bootkeeper.boot.MacAddress;
import dev.bootkeeper.iso.Xorriso;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each ISO in the images directory is an NBD export by its image name, and each file inside it by
 * {@code <image>/<path in the ISO>}; {@code archiso} stays the configured ISO. Read with nbdinfo
 * and nbdcopy (Debian package libnbd-bin), through buffers and zero-copy.
 */
class NbdIsoTest {

  @TempDir static Path dir;
  static Path root;
  static Path airootfs;
  static NbdServer buffered;
  static NbdServer zeroCopy;

  @BeforeAll
  static void start() throws Exception {
    root = Files.createDirectories(dir.resolve("images"));
    Path src = Files.createDirectories(dir.resolve("src/sysresccd/x86_64"));
    byte[] sfs = new byte[2 * 1024 * 1024 + 333];
    new Random(3).nextBytes(sfs);
    airootfs = Files.write(src.resolve("airootfs.sfs"), sfs);
    Xorriso.mkisofs(dir.resolve("src"), root.resolve("rescue-a.iso"), "RESCUE1200", "-R");
    Xorriso.mkisofs(dir.resolve("src"), root.resolve("rescue-b.iso"), "RESCUE1100", "-R");
    DirectoryExports exports = new DirectoryExports(root, "rescue-a.iso");
    buffered = new NbdServer(NbdSettings.loopback(false), exports, e -> {}, new ClientDirectory());
    buffered.start();
    zeroCopy = new NbdServer(NbdSettings.loopback(true), exports, e -> {}, new ClientDirectory());
    zeroCopy.start();
  }

  @AfterAll
  static void stop() {
    if (buffered != null) {
      buffered.close();
    }
    if (zeroCopy != null) {
      zeroCopy.close();
    }
  }

  @Test
  void everyIsoIsAnExportByItsImageName() throws Exception {
    for (String image : new String[] {"rescue-a", "rescue-b"}) {
      String size = run("nbdinfo", "--size", uri(buffered, image)).trim();
      assertEquals(Long.toString(Files.size(root.resolve(image + ".iso"))), size, image);
      Path out = dir.resolve(image + ".copy");
      run("nbdcopy", uri(zeroCopy, image), out.toString());
      assertArrayEquals(Files.readAllBytes(root.resolve(image + ".iso")), Files.readAllBytes(out));
    }
    String archiso = run("nbdinfo", "--size", uri(buffered, "archiso")).trim();
    assertEquals(Long.toString(Files.size(root.resolve("rescue-a.iso"))), archiso);
    String list = run("nbdinfo", "--list", "--json", uri(buffered, ""));
    assertTrue(list.contains("\"rescue-b\""), list);
    String unknown = run("nbdinfo", "--size", uri(buffered, "no-such-image")).trim();
    assertFalse(unknown.matches("\\d+"), "an unknown image is no export: " + unknown);
  }

  @Test
  void aFileInsideAnIsoIsAnExportOfExactlyItsBytes() throws Exception {
    for (NbdServer server : new NbdServer[] {buffered, zeroCopy}) {
      String name = "rescue-b/sysresccd/x86_64/airootfs.sfs";
      assertEquals(
          Long.toString(Files.size(airootfs)), run("nbdinfo", "--size", uri(server, name)).trim());
      Path out = dir.resolve("sfs-" + server.port());
      run("nbdcopy", uri(server, name), out.toString());
      assertArrayEquals(Files.readAllBytes(airootfs), Files.readAllBytes(out));
    }
  }

  @Test
  void archisoIsTheIsoOfTheProfileTheMachineBoots() throws Exception {
    MacAddress mine = MacAddress.parse("52:54:00:aa:bb:01").orElseThrow();
    MacAddress other = MacAddress.parse("52:54:00:aa:bb:02").orElseThrow();
    DirectoryExports exports =
        new DirectoryExports(
            root,
            "rescue-a.iso",
            mac -> mac.equals(mine) ? Optional.of("rescue-b") : Optional.of("no-such-image"));
    assertEquals(
        root.resolve("rescue-b.iso").toRealPath(),
        exports.forClient(Optional.of(mine)).find("archiso").orElseThrow().file());
    assertEquals(
        root.resolve("rescue-a.iso").toRealPath(),
        exports.forClient(Optional.of(other)).find("archiso").orElseThrow().file(),
        "a stage-3 image that is no ISO leaves archiso as configured");
    assertEquals(
        root.resolve("rescue-a.iso").toRealPath(),
        exports.forClient(Optional.empty()).find("archiso").orElseThrow().file());
    assertEquals(
        root.resolve("rescue-a.iso").toRealPath(),
        exports.forClient(Optional.of(mine)).find("rescue-a").orElseThrow().file(),
        "other names are the same for every machine");
  }

  private static String uri(NbdServer server, String export) {
    return "nbd://127.0.0.1:" + server.port() + "/" + export;
  }

  private static String run(String... command) throws Exception {
    Path log = dir.resolve("nbd-" + System.nanoTime() + ".log");
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    p.getOutputStream().close();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " finished");
    return Files.readString(log, StandardCharsets.UTF_8);
  }
}
