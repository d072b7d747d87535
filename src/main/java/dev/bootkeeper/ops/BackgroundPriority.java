package dev.bootkeeper.ops;

import dev.bootkeeper.boot.BootEventRecorder;
import jakarta.enterprise.context.ApplicationScoped;
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
import org.jboss.logging.Logger;

/**
 * Lowers the CPU priority (the nice value) of the threads whose work can wait, once the appliance
 * is ready: the JIT compilers and the boot event writer. In the first seconds of a boot storm the
 * JIT compiles the code the storm runs (H2's store path alone took 5-8 s of compiler time in the
 * first 10 s of 2,000 DHCP exchanges a second, on 2 cores), and the threads answering packets
 * waited for the CPU behind it: DISCOVER->OFFER averaged 9-20 ms over those 10 s. With the
 * compilers and the writer at nice 10, the protocol threads go first whenever the CPU is short (3-6
 * ms in the same runs); with a CPU to spare, nothing changes. The writer then stores bigger
 * batches, which costs less per event; its queue holds 100,000 events.
 *
 * <p>Linux only (it reads {@code /proc/self/task}); threads are matched by the 15-character name
 * Linux keeps. Java has no call for a thread's nice value, so {@code renice} (util-linux, in every
 * Debian system) sets it; raising one's own threads' nice value needs no privilege. A compiler
 * thread the JVM adds later is started by a compiler thread and inherits its priority.
 */
@ApplicationScoped
public class BackgroundPriority {

  private static final Logger LOG = Logger.getLogger(BackgroundPriority.class);

  private static final Path TASKS = Path.of("/proc/self/task");

  /** Linux keeps the first 15 bytes of a thread's name. */
  private static final int COMM_LENGTH = 15;

  /** HotSpot's names: "C1 CompilerThread0", "C2 CompilerThread0", ... */
  private static final List<String> BACKGROUND =
      List.of("C1 CompilerThread", "C2 CompilerThread", BootEventRecorder.WRITER_THREAD);

  private static final long RENICE_WAIT_SECONDS = 5;

  private final SchedulingConfig config;

  public BackgroundPriority(SchedulingConfig config) {
    this.config = config;
  }

  /** One thread of this process, as Linux names it. */
  public record Task(long tid, String name) {}

  /** Gives the background threads the configured nice value; logs what it did. */
  public void lower() {
    int nice = config.backgroundNice();
    if (nice < 0 || nice > 19) {
      throw new IllegalArgumentException(
          "bootkeeper.scheduling.background-nice must be between 0 and 19, not " + nice);
    }
    if (nice == 0 || !Files.isDirectory(TASKS)) {
      return;
    }
    try {
      List<Task> lowered = lower(BackgroundPriority::isBackground, nice);
      LOG.infof(
          "background threads at nice %d: %s",
          nice, lowered.stream().map(Task::name).distinct().sorted().toList());
    } catch (IOException e) {
      LOG.warnf(
          "cannot lower the priority of the JIT compilers and the boot event writer (%s); they"
              + " compete with the protocol threads for the CPU in a boot storm",
          e.getMessage());
    }
  }

  static boolean isBackground(String comm) {
    return BACKGROUND.stream().anyMatch(name -> comm.equals(truncated(name)));
  }

  private static String truncated(String name) {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    return bytes.length <= COMM_LENGTH
        ? name
        : new String(bytes, 0, COMM_LENGTH, StandardCharsets.UTF_8);
  }

  /**
   * Sets the nice value of this process's threads whose Linux name {@code wanted} accepts.
   *
   * @return the threads now at {@code nice}
   * @throws IOException when renice cannot be run or fails
   */
  static List<Task> lower(Predicate<String> wanted, int nice) throws IOException {
    List<Task> chosen = tasks().stream().filter(t -> wanted.test(t.name())).toList();
    if (chosen.isEmpty()) {
      return chosen;
    }
    List<String> command = new ArrayList<>(List.of("renice", "-n", Integer.toString(nice), "-p"));
    chosen.forEach(t -> command.add(Long.toString(t.tid())));
    Process renice = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(renice.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!renice.waitFor(RENICE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        renice.destroyForcibly();
        throw new IOException("renice did not finish within " + RENICE_WAIT_SECONDS + " s");
      }
      if (renice.exitValue() != 0) {
        throw new IOException("renice failed: " + output.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      renice.destroyForcibly();
      throw new IOException("interrupted while renice ran", e);
    }
    // A thread that ended meanwhile is simply not counted.
    return chosen.stream().filter(t -> niceOf(t.tid()).equals(OptionalInt.of(nice))).toList();
  }

  /** This process's threads. */
  static List<Task> tasks() throws IOException {
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

  /** A thread's nice value: field 19 of its stat line, counted after the name's parenthesis. */
  static OptionalInt niceOf(long tid) {
    try {
      String stat = Files.readString(TASKS.resolve(tid + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // fields[0] is field 3 (state); field 19 is fields[16].
      return OptionalInt.of(Integer.parseInt(fields[16]));
    } catch (IOException | RuntimeException e) {
      return OptionalInt.empty();
    }
  }
}
