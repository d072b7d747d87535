package dev.bootkeeper.nbd;

import dev.bootkeeper.boot.ClientDirectory;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs the NBD server without Quarkus, for bench/nbd/run.sh: {@code NbdBenchMain <root>
 * <archiso-image> <port> [zero-copy]}. Serves until killed.
 */
public final class NbdBenchMain {

  private NbdBenchMain() {}

  public static void main(String[] args) throws InterruptedException {
    Path root = Path.of(args[0]);
    boolean zeroCopy = args.length > 3 && Boolean.parseBoolean(args[3]);
    NbdSettings settings =
        new NbdSettings(
            "127.0.0.1",
            Integer.parseInt(args[2]),
            256,
            Integer.getInteger("nbd.requests", 32),
            Integer.getInteger("nbd.bytes", 16 << 20),
            Integer.getInteger("nbd.io", 8),
            Duration.ofSeconds(30),
            zeroCopy);
    NbdServer server =
        new NbdServer(
            settings, new DirectoryExports(root, args[1]), event -> {}, new ClientDirectory());
    int port = server.start();
    System.out.println("listening " + port);
    Thread.currentThread().join();
  }
}
