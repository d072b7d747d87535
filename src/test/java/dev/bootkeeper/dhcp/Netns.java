package dev.bootkeeper.dhcp;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Commands and background processes for tests that run inside network namespaces. */
final class Netns {

  private Netns() {}

  /** Runs a command to completion (bounded by {@code seconds}); returns its output or throws. */
  static String run(int seconds, String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "timed out after " + seconds + " s: " + String.join(" ", cmd));
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", cmd) + " exited " + p.exitValue() + ": " + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + cmd[0] + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Like {@link #run} but never throws: for cleanup. */
  static void quietly(String... cmd) {
    try {
      run(10, cmd);
    } catch (RuntimeException e) {
      // cleanup of something that may already be gone
    }
  }

  static void requireBinary(String path, String debianPackage) {
    if (!new File(path).canExecute()) {
      throw new IllegalStateException(path + " is missing: apt-get install " + debianPackage);
    }
  }

  static String[] in(String ns, String... cmd) {
    List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    all.addAll(List.of(cmd));
    return all.toArray(String[]::new);
  }

  static String[] java(String ns, Class<?> main, String... args) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "ip",
                "netns",
                "exec",
                ns,
                ProcessHandle.current().info().command().orElse("java"),
                "-Xss512k",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                main.getName()));
    all.addAll(List.of(args));
    return all.toArray(String[]::new);
  }

  /** A background process whose output lines are collected. */
  static final class Background implements AutoCloseable {
    final Process process;
    final List<String> lines = new CopyOnWriteArrayList<>();

    Background(String... cmd) {
      try {
        process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      } catch (IOException e) {
        throw new IllegalStateException("cannot start " + cmd[0] + ": " + e.getMessage(), e);
      }
      Thread t =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = r.readLine()) != null) {
                    lines.add(line);
                  }
                } catch (IOException e) {
                  // process ended
                }
              });
      t.setDaemon(true);
      t.start();
    }

    /** Waits (bounded) until a line contains {@code text}. */
    String await(String text, int seconds) throws InterruptedException {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (System.nanoTime() < end) {
        for (String l : lines) {
          if (l.contains(text)) {
            return l;
          }
        }
        if (!process.isAlive()) {
          break;
        }
        Thread.sleep(50);
      }
      throw new AssertionError("no line with '" + text + "' within " + seconds + " s: " + lines);
    }

    @Override
    public void close() {
      try {
        process.getOutputStream().close();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroy();
          if (!process.waitFor(3, TimeUnit.SECONDS)) {
            process.destroyForcibly();
          }
        }
      } catch (IOException e) {
        process.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
