package dev.bootkeeper.nbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryExportsTest {

  @TempDir Path root;
  @TempDir Path outside;

  @Test
  void exportsFilesByRelativePathAndTheIsoAsArchiso() throws IOException {
    Files.write(root.resolve("sysresccd.iso"), new byte[1234]);
    Files.createDirectories(root.resolve("sysresccd/x86_64"));
    Files.write(root.resolve("sysresccd/x86_64/airootfs.sfs"), new byte[10]);
    DirectoryExports exports = new DirectoryExports(root, "sysresccd.iso");

    NbdExport archiso = exports.find("archiso").orElseThrow();
    assertEquals(1234, archiso.size());
    assertEquals(root.resolve("sysresccd.iso").toRealPath(), archiso.file());
    assertEquals(10, exports.find("sysresccd/x86_64/airootfs.sfs").orElseThrow().size());
    assertEquals(
        List.of("archiso", "sysresccd.iso", "sysresccd/x86_64/airootfs.sfs"),
        exports.list().stream().map(NbdExport::name).toList());
  }

  @Test
  void namesThatLeaveTheRootOrAreNotFilesAreUnknown() throws IOException {
    Files.write(outside.resolve("secret"), new byte[3]);
    Files.createDirectories(root.resolve("dir"));
    Files.createSymbolicLink(root.resolve("link"), outside.resolve("secret"));
    DirectoryExports exports = new DirectoryExports(root, "missing.iso");
    for (String name :
        List.of(
            "archiso",
            "dir",
            "dir/",
            "../" + outside.getFileName() + "/secret",
            outside.resolve("secret").toString(),
            "dir/../link",
            "link",
            "dir\\x",
            "")) {
      assertTrue(exports.find(name).isEmpty(), name);
    }
  }
}
