package dev.bootkeeper.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private PostgreSQL server for one test class, from Debian's postgresql package: its own data
 * directory and port on 127.0.0.1, run as the postgres user (PostgreSQL refuses to run as root),
 * stopped and deleted by {@link #close()}.
 */
public final class PostgresServer implements AutoCloseable {

  static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

  private final Path dir;
  private final int port;

  private PostgresServer(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  public static PostgresServer start() throws IOException, InterruptedException {
    return start(List.of(), "127.0.0.1", null);
  }

  /**
   * A server started with a command prefix (such as {@code ip netns exec NS}), listening on {@code
   * listenAddresses} (comma-separated) and trusting clients from {@code trustedNetwork} (a CIDR, or
   * null for local clients only): for appliances that reach it from other network namespaces.
   */
  public static PostgresServer start(
      List<String> prefix, String listenAddresses, String trustedNetwork)
      throws IOException, InterruptedException {
    if (!Files.isExecutable(BIN.resolve("pg_ctl"))) {
      throw new IllegalStateException(BIN + "/pg_ctl is missing: apt-get install postgresql");
    }
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "bk-pg-");
    int port = Appliance.freePort();
    run(List.of("chown", "postgres", dir.toString()));
    PostgresServer pg = new PostgresServer(dir, port);
    pg.asPostgres(
        List.of(
            BIN.resolve("initdb").toString(),
            "-D",
            dir.resolve("data").toString(),
            "-U",
            "postgres",
            "-A",
            "trust"));
    if (trustedNetwork != null) {
      Files.writeString(
          dir.resolve("data").resolve("pg_hba.conf"),
          "host all all " + trustedNetwork + " trust\n",
          java.nio.file.StandardOpenOption.APPEND);
    }
    List<String> start = new ArrayList<>(prefix);
    start.addAll(
        List.of(
            "runuser",
            "-u",
            "postgres",
            "--",
            BIN.resolve("pg_ctl").toString(),
            "-D",
            dir.resolve("data").toString(),
            "-w",
            "-t",
            "60",
            "-l",
            dir.resolve("log").toString(),
            "-o",
            "-p " + port + " -k " + dir + " -c listen_addresses=" + listenAddresses,
            "start"));
    run(start);
    pg.sql("CREATE USER bootkeeper PASSWORD 'bootkeeper'");
    pg.sql("CREATE DATABASE bootkeeper OWNER bootkeeper");
    return pg;
  }

  public String jdbcUrl() {
    return jdbcUrl("127.0.0.1");
  }

  /** The URL for clients that reach the server at {@code host}. */
  public String jdbcUrl(String host) {
    return "jdbc:postgresql://" + host + ":" + port + "/bootkeeper";
  }

  public void sql(String statement) throws IOException, InterruptedException {
    asPostgres(
        List.of(
            "psql",
            "-h",
            dir.toString(),
            "-p",
            String.valueOf(port),
            "-U",
            "postgres",
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            statement));
  }

  private void asPostgres(List<String> command) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
    cmd.addAll(command);
    run(cmd);
  }

  private static void run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      asPostgres(
          List.of(
              BIN.resolve("pg_ctl").toString(),
              "-D",
              dir.resolve("data").toString(),
              "-m",
              "immediate",
              "-w",
              "stop"));
    } finally {
      run(List.of("rm", "-rf", dir.toString()));
    }
  }
}
