package dev.bootkeeper.background;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The Linux scheduling priority (nice value) of this process's threads. Java has no call for it and
 * ignores {@link Thread#setPriority} on Linux, so the threads are found in {@code /proc/self/task}
 * by the 15-character name Linux keeps, and {@code renice} (util-linux, in every Debian system)
 * sets it. A thread started later inherits the nice value of the thread that starts it. A lower
 * value than the process's own (a higher priority) needs root or CAP_SYS_NICE.
 */
public final class ThreadNice {

  private static final Path TASKS = Path.of("/proc/self/task");

  /** Linux keeps the first 15 bytes of a thread's name. */
  private static final int NAME_LENGTH = 15;

  private static final long RENICE_WAIT_SECONDS = 5;

  /** The lowest and highest nice values Linux has. */
  public static final int HIGHEST = -20;

  public static final int LOWEST = 19;

  private ThreadNice() {}

  /** One thread of this process, as Linux names it. */
  public record Task(long tid, String name) {}

  /** Whether this system has per-thread nice values as Linux does. */
  public static boolean supported() {
    return Files.isDirectory(TASKS);
  }

  /** The name Linux shows for a thread named {@code javaName}. */
  public static String linuxName(String javaName) {
    byte[] bytes = javaName.getBytes(StandardCharsets.UTF_8);
    return bytes.length <= NAME_LENGTH
        ? javaName
        : new String(bytes, 0, NAME_LENGTH, StandardCharsets.UTF_8);
  }

  /**
   * Sets the nice value of this process's threads whose Linux name {@code wanted} accepts.
   *
   * @return the threads now at {@code nice}; a thread that ended meanwhile is not among them
   * @throws IOException when renice cannot be run or refuses (a raise without the privilege)
   */
  public static List<Task> set(Predicate<String> wanted, int nice) throws IOException {
    if (nice < HIGHEST || nice > LOWEST) {
      throw new IllegalArgumentException("a nice value is between -20 and 19, not " + nice);
    }
    List<Task> chosen = tasks().stream().filter(t -> wanted.test(t.name())).toList();
    if (chosen.isEmpty()) {
      return chosen;
    }
    List<String> command = new ArrayList<>(List.of("renice", "-n", Integer.toString(nice), "-p"));
    chosen.forEach(t -> command.add(Long.toString(t.tid())));
    Process renice = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      // Waited for before its output is read: reading first would block past the time limit. What
      // renice prints (a line per thread, or its refusal) fits in the pipe.
      if (!renice.waitFor(RENICE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        renice.destroyForcibly();
        throw new IOException("renice did not finish within " + RENICE_WAIT_SECONDS + " s");
      }
      if (renice.exitValue() != 0) {
        String output = new String(renice.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        throw new IOException("renice: " + output.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      renice.destroyForcibly();
      throw new IOException("interrupted while renice ran", e);
    }
    return chosen.stream().filter(t -> of(t.tid()).equals(OptionalInt.of(nice))).toList();
  }

  /** This process's threads. */
  public static List<Task> tasks() throws IOException {
    List<Task> out = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(TASKS)) {
      for (Path dir : dirs) {
        long tid = Long.parseLong(dir.getFileName().toString());
        name(tid).ifPresent(name -> out.add(new Task(tid, name)));
      }
    }
    return out;
  }

  private static Optional<String> name(long tid) {
    try {
      return Optional.of(Files.readString(TASKS.resolve(tid + "/comm")).strip());
    } catch (IOException e) {
      // The thread ended between the listing and the read.
      return Optional.empty();
    }
  }

  /** A thread's nice value: field 19 of its stat line (proc(5)), counted after the name. */
  public static OptionalInt of(long tid) {
    try {
      String stat = Files.readString(TASKS.resolve(tid + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // fields[0] is field 3 (state), so field 19 is fields[16].
      return OptionalInt.of(Integer.parseInt(fields[16]));
    } catch (IOException | RuntimeException e) {
      return OptionalInt.empty();
    }
  }
}
