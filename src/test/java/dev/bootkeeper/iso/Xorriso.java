package dev.bootkeeper.iso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds test ISOs with xorriso (Debian package {@code xorriso}), the tool distributions build
 * their own ISOs with. Public so the serving tests of other packages build theirs the same way.
 */
public final class Xorriso {

  private Xorriso() {}

  /** {@code xorriso -as mkisofs <options> -V label -o iso source}. */
  public static Path mkisofs(Path source, Path iso, String label, String... options)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("xorriso", "-as", "mkisofs"));
    cmd.addAll(List.of(options));
    cmd.addAll(List.of("-V", label, "-o", iso.toString(), source.toString()));
    return run(cmd, iso);
  }

  /** xorriso's own command set, for what mkisofs emulation cannot say. */
  public static Path nativeCommands(Path iso, String... commands)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("xorriso"));
    cmd.addAll(List.of(commands));
    return run(cmd, iso);
  }

  private static Path run(List<String> cmd, Path iso) throws IOException, InterruptedException {
    Path log = Files.createTempFile("xorriso", ".log");
    try {
      Process p =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "xorriso finished within a minute");
      String out = Files.readString(log, StandardCharsets.UTF_8);
      assertEquals(0, p.exitValue(), "xorriso " + cmd + ":\n" + out);
      assertTrue(Files.size(iso) > 0, "xorriso wrote " + iso);
      return iso;
    } catch (IOException e) {
      throw new IOException("xorriso is needed (apt-get install xorriso): " + e.getMessage(), e);
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /** Reads a region of an ISO, as a client would receive it. */
  public static byte[] region(Path iso, long offset, long length) throws IOException {
    byte[] all = Files.readAllBytes(iso);
    byte[] out = new byte[(int) length];
    System.arraycopy(all, (int) offset, out, 0, (int) length);
    return out;
  }
}
