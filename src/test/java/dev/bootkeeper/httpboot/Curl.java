package dev.bootkeeper.httpboot;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real curl client (Debian package curl) with a time limit. */
final class Curl {

  record Result(int exit, String stderr) {}

  private Curl() {}

  static Result run(Path workDir, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add("curl");
    cmd.add("--silent");
    cmd.add("--show-error");
    cmd.add("--max-time");
    cmd.add("120");
    cmd.addAll(List.of(args));
    Path err = workDir.resolve("curl-stderr-" + System.nanoTime());
    try {
      Process p =
          new ProcessBuilder(cmd)
              .directory(workDir.toFile())
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(err.toFile())
              .start();
      if (!p.waitFor(150, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail("curl did not finish: " + cmd);
      }
      String stderr = Files.readString(err, StandardCharsets.UTF_8);
      return new Result(p.exitValue(), stderr);
    } catch (IOException e) {
      throw new AssertionError("curl is needed for this test: apt-get install curl (" + e + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } finally {
      try {
        Files.deleteIfExists(err);
      } catch (IOException ignored) {
        // a leftover file in the test's temporary folder is removed with it
      }
    }
  }

  static void ok(Path workDir, String... args) {
    Result r = run(workDir, args);
    assertTrue(r.exit() == 0, "curl " + String.join(" ", args) + " failed: " + r.stderr());
  }
}
