package dev.bootkeeper.dashboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first admin's password read from a file, as Docker and Kubernetes mount secrets. */
class AdminPasswordFileTest {

  @TempDir Path dir;

  @Test
  void theFirstLineIsThePasswordWithoutItsLineEnd() throws Exception {
    Path f = dir.resolve("admin-password");
    Files.writeString(f, "s3cret-Pass word\r\nignored second line\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    assertEquals("s3cret-Pass word", AdminBootstrap.readPasswordFile(f));
  }

  @Test
  void aMissingOrEmptyFileStopsTheStartWithItsName() throws Exception {
    Path missing = dir.resolve("nothere");
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> AdminBootstrap.readPasswordFile(missing));
    assertTrue(
        e.getMessage().contains("bootkeeper.admin.password-file")
            && e.getMessage().contains("nothere"),
        e.getMessage());
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    e = assertThrows(IllegalStateException.class, () -> AdminBootstrap.readPasswordFile(empty));
    assertTrue(e.getMessage().contains("no password"), e.getMessage());
  }
}
