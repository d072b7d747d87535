package dev.bootkeeper.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Commands run to completion with a deadline, for the integration tests' set-up and clean-up. */
final class Shell {

  private Shell() {}

  /** Runs a command (bounded by {@code seconds}) and returns its output, or throws with it. */
  static String run(int seconds, List<String> cmd) {
    return run(seconds, cmd, null);
  }

  static String run(int seconds, List<String> cmd, Path log) {
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      File out = log == null ? File.createTempFile("bk-shell", ".out") : log.toFile();
      pb.redirectOutput(out);
      Process p = pb.start();
      try {
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
          throw new IllegalStateException(
              "timed out after " + seconds + " s: " + String.join(" ", cmd) + "\n" + tail(out));
        }
        String text = java.nio.file.Files.readString(out.toPath(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
          throw new IllegalStateException(
              String.join(" ", cmd) + " exited with " + p.exitValue() + ":\n" + text);
        }
        return text;
      } finally {
        if (log == null) {
          out.delete();
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + cmd.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + String.join(" ", cmd), e);
    }
  }

  static String run(int seconds, String... cmd) {
    return run(seconds, List.of(cmd));
  }

  /** Like {@link #run} but never throws: for clean-up of what may already be gone. */
  static void quietly(String... cmd) {
    try {
      run(20, cmd);
    } catch (RuntimeException e) {
      // already gone
    }
  }

  /** Fails with the Debian package to install when a program the tests drive is missing. */
  static void require(String path, String debianPackage) {
    if (!new File(path).canExecute()) {
      throw new IllegalStateException(path + " is missing: apt-get install " + debianPackage);
    }
  }

  static List<String> in(String namespace, List<String> cmd) {
    List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
    all.addAll(cmd);
    return all;
  }

  private static String tail(File f) {
    try {
      String s = java.nio.file.Files.readString(f.toPath(), StandardCharsets.UTF_8);
      return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    } catch (IOException e) {
      return "";
    }
  }
}
