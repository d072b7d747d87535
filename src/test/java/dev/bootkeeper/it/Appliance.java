package dev.bootkeeper.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged appliance, started as a user would start it ({@code java -jar}), for tests that need
 * a real process: restarts, real clients, namespaces. Every start has a deadline and every process
 * is stopped in {@link #close()}.
 */
public final class Appliance implements AutoCloseable {

  private final Process process;
  private final Path log;
  private final int httpPort;
  private final List<String> prefix;

  private Appliance(Process process, Path log, int httpPort, List<String> prefix) {
    this.process = process;
    this.log = log;
    this.httpPort = httpPort;
    this.prefix = List.copyOf(prefix);
  }

  /** An HTTP answer of the appliance's API. */
  public record Reply(int status, String body) {}

  public static Path jar() {
    return jar("target/quarkus-app/quarkus-run.jar");
  }

  /** The appliance built for PostgreSQL; run it with {@code quarkus.profile=pg}. */
  public static Path postgresJar() {
    return jar("target/quarkus-app-pg/quarkus-run.jar");
  }

  private static Path jar(String path) {
    Path jar = Path.of(path);
    if (!Files.exists(jar)) {
      throw new IllegalStateException(
          jar + " is missing: integration tests run after 'mvn package'");
    }
    return jar;
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /**
   * Starts the appliance with these system properties (plus a free HTTP port, and the protocol
   * servers on free ports unless given), optionally prefixed by a command such as {@code ip netns
   * exec NS}, and waits until it says it is ready and its API answers.
   */
  public static Appliance start(Path workDir, Map<String, String> props, List<String> prefix)
      throws IOException, InterruptedException {
    return start(jar(), workDir, props, prefix);
  }

  public static Appliance start(
      Path jar, Path workDir, Map<String, String> props, List<String> prefix)
      throws IOException, InterruptedException {
    int port =
        props.containsKey("quarkus.http.port")
            ? Integer.parseInt(props.get("quarkus.http.port"))
            : freePort();
    List<String> cmd = new ArrayList<>(prefix);
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Dquarkus.http.port=" + port);
    cmd.add("-Dbootkeeper.data-dir=" + workDir.resolve("data"));
    cmd.add("-Dbootkeeper.images-dir=" + workDir.resolve("images"));
    putIfAbsent(cmd, props, "bootkeeper.nbd.port", String.valueOf(freePort()));
    putIfAbsent(cmd, props, "bootkeeper.tftp.port", String.valueOf(freePort()));
    putIfAbsent(cmd, props, "bootkeeper.server-address", "127.0.0.1");
    props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.add("-jar");
    cmd.add(jar.toAbsolutePath().toString());
    Files.createDirectories(workDir);
    Path log = workDir.resolve("appliance-" + System.nanoTime() + ".log");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Appliance a = new Appliance(p, log, port, prefix);
    a.awaitReady(Duration.ofSeconds(180));
    return a;
  }

  private static void putIfAbsent(
      List<String> cmd, Map<String, String> props, String key, String value) {
    if (!props.containsKey(key)) {
      cmd.add("-D" + key + "=" + value);
    }
  }

  public int httpPort() {
    return httpPort;
  }

  public String base() {
    return "http://127.0.0.1:" + httpPort;
  }

  public String log() throws IOException {
    return Files.readString(log);
  }

  /**
   * Calls the API on the appliance's loopback address. Inside a network namespace (a command prefix
   * was given) this test JVM cannot reach it, so curl is run there with the same prefix.
   */
  public Reply request(String method, String path, String token, String json)
      throws IOException, InterruptedException {
    if (prefix.isEmpty()) {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(20));
      if (token != null) {
        b.header("Authorization", "Bearer " + token);
      }
      if (json != null) {
        b.header("Content-Type", "application/json");
      }
      b.method(
          method,
          json == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(json));
      HttpResponse<String> r =
          HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body());
    }
    Path body = Files.createTempFile("bk-api-", ".out");
    Path in = json == null ? null : Files.createTempFile("bk-api-", ".json");
    try {
      List<String> cmd = new ArrayList<>(prefix);
      cmd.addAll(
          List.of(
              "curl",
              "-sS",
              "--max-time",
              "20",
              "-X",
              method,
              "-o",
              body.toString(),
              "-w",
              "%{http_code}"));
      if (token != null) {
        cmd.addAll(List.of("-H", "Authorization: Bearer " + token));
      }
      if (in != null) {
        Files.writeString(in, json);
        cmd.addAll(List.of("-H", "Content-Type: application/json", "--data-binary", "@" + in));
      }
      cmd.add(base() + path);
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).strip();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("curl " + path + " did not finish");
      }
      if (p.exitValue() != 0 || !out.matches("\\d{3}")) {
        throw new IOException("curl " + method + " " + path + ": " + out);
      }
      return new Reply(Integer.parseInt(out), Files.readString(body));
    } finally {
      Files.deleteIfExists(body);
      if (in != null) {
        Files.deleteIfExists(in);
      }
    }
  }

  private void awaitReady(Duration max) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the appliance exited with " + process.exitValue() + ":\n" + log());
      }
      try {
        // The ready line, as a user's script waits for it: before it, the appliance warms its
        // servers up over loopback, and requests from loopback are not boot events yet.
        if (log().contains("Bootkeeper is ready")
            && request("GET", "/api/v1/settings", null, null).status() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    close();
    throw new IllegalStateException("the appliance did not answer within " + max + ":\n" + log());
  }

  /** Stops the appliance the way a service manager does (SIGTERM), then forcibly if it hangs. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** Kills the appliance with SIGKILL, as a crash would. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }
}
