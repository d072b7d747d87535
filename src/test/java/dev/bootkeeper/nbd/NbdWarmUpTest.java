package dev.bootkeeper.nbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.BootStep;
import dev.bootkeeper.boot.ClientDirectory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warm-up is a real NBD client of the running server: every read it sends is answered. */
class NbdWarmUpTest {

  @TempDir Path dir;

  NbdExport export(int size) throws IOException {
    Path root = Files.createDirectories(dir.resolve("images"));
    byte[] iso = new byte[size];
    new Random(7).nextBytes(iso);
    Files.write(root.resolve("sysresccd.iso"), iso);
    return new DirectoryExports(root, "sysresccd.iso").find("sysresccd.iso").orElseThrow();
  }

  void warmUp(boolean zeroCopy, int size) throws Exception {
    NbdExport export = export(size);
    ConcurrentLinkedQueue<BootEvent> events = new ConcurrentLinkedQueue<>();
    try (NbdServer server =
        new NbdServer(
            NbdSettings.loopback(zeroCopy),
            new DirectoryExports(dir.resolve("images"), "sysresccd.iso"),
            events::add,
            new ClientDirectory())) {
      int port = server.start();
      NbdWarmUp.Result r =
          NbdWarmUp.run(new InetSocketAddress("127.0.0.1", port), export, Duration.ofSeconds(30));
      assertEquals(NbdWarmUp.READS, r.reads());
      assertTrue(r.bytes() >= NbdWarmUp.READS * (long) Math.min(size, 4096), r.toString());
      // The server counts a reply once its write completes, which may be after the client read it.
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (server.stats().bytesRead() < r.bytes() && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      assertEquals(r.bytes(), server.stats().bytesRead(), "the server sent what was read");
      // One connection as the kernel's client (simple replies), one as libnbd's (structured).
      List<String> opened =
          events.stream()
              .filter(e -> e.step() == BootStep.NBD_EXPORT_OPENED)
              .map(BootEvent::detail)
              .toList();
      assertEquals(2, opened.size(), opened.toString());
      assertEquals(
          1,
          opened.stream().filter(d -> d.contains("structured replies")).count(),
          opened.toString());
    }
  }

  @Test
  void everyReadIsAnsweredBuffered() throws Exception {
    warmUp(false, 3 * 1024 * 1024 + 77);
  }

  @Test
  void everyReadIsAnsweredZeroCopy() throws Exception {
    warmUp(true, 3 * 1024 * 1024 + 77);
  }

  @Test
  void anExportSmallerThanOneReadIsReadWhole() throws Exception {
    warmUp(false, 1000);
  }

  @Test
  void anUnknownExportIsAnError() throws IOException {
    NbdExport missing = new NbdExport("nope", dir.resolve("nope"), 0, 4096, "");
    try (NbdServer server =
        new NbdServer(
            NbdSettings.loopback(false),
            new DirectoryExports(Files.createDirectories(dir.resolve("empty")), "x.iso"),
            e -> {},
            new ClientDirectory())) {
      int port = server.start();
      assertThrows(
          IOException.class,
          () ->
              NbdWarmUp.run(
                  new InetSocketAddress("127.0.0.1", port), missing, Duration.ofSeconds(10)));
    }
  }
}
