package dev.bootkeeper.nbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.ClientDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The server against the libnbd command-line clients (Debian packages libnbd-bin and
 * python3-libnbd), over loopback. One server reads through buffers, one with zero-copy.
 */
class NbdRealClientTest {

  /** A few MiB and a size that is not a multiple of 512. */
  private static final int SIZE = 3 * 1024 * 1024 + 77;

  @TempDir static Path dir;

  private static final ConcurrentLinkedQueue<BootEvent> EVENTS = new ConcurrentLinkedQueue<>();
  private static NbdServer buffered;
  private static NbdServer zeroCopy;
  private static String isoSha256;

  @BeforeAll
  static void start() throws IOException {
    requireBinary("nbdinfo", "libnbd-bin");
    requireBinary("nbdcopy", "libnbd-bin");
    requireBinary("nbdsh", "python3-libnbd");
    Path root = Files.createDirectories(dir.resolve("images"));
    byte[] iso = new byte[SIZE];
    new Random(42).nextBytes(iso);
    Files.write(root.resolve("sysresccd.iso"), iso);
    Files.createDirectories(root.resolve("boot"));
    Files.writeString(root.resolve("boot/readme.txt"), "hello\n");
    isoSha256 = sha256(root.resolve("sysresccd.iso"));
    DirectoryExports exports = new DirectoryExports(root, "sysresccd.iso");
    buffered =
        new NbdServer(NbdSettings.loopback(false), exports, EVENTS::add, new ClientDirectory());
    buffered.start();
    zeroCopy =
        new NbdServer(NbdSettings.loopback(true), exports, EVENTS::add, new ClientDirectory());
    zeroCopy.start();
  }

  @AfterAll
  static void stop() {
    if (buffered != null) {
      buffered.close();
    }
    if (zeroCopy != null) {
      zeroCopy.close();
    }
  }

  @Test
  void listShowsEveryExportWithItsSizeAsReadOnly() throws Exception {
    Result r = run("nbdinfo", "--list", uri(buffered, ""));
    assertEquals(0, r.exit, r.output);
    assertTrue(r.output.contains("export=\"archiso\""), r.output);
    assertTrue(r.output.contains("export=\"boot/readme.txt\""), r.output);
    assertTrue(r.output.contains("export-size: " + SIZE), r.output);
    assertTrue(r.output.contains("export-size: 6"), r.output);
    assertTrue(r.output.contains("is_read_only: true"), r.output);
    assertTrue(r.output.contains("can_multi_conn: true"), r.output);
  }

  @Test
  void infoShowsTheSizeOfOneExport() throws Exception {
    Result r = run("nbdinfo", "--size", uri(buffered, "archiso"));
    assertEquals(0, r.exit, r.output);
    assertEquals(String.valueOf(SIZE), r.output.strip());
    Result unknown = run("nbdinfo", "--size", uri(buffered, "no-such-export"));
    assertTrue(unknown.exit != 0, unknown.output);
    assertTrue(
        EVENTS.stream()
            .anyMatch(
                e ->
                    e.step().label().equals("connected")
                        && "127.0.0.1".equals(e.ip())
                        && e.protocol() == BootEvent.Protocol.NBD
                        && e.detail().contains("'archiso'")),
        EVENTS.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"buffered-1", "buffered-4", "zero-copy-1", "zero-copy-4"})
  void copiesTheWholeExportByteForByte(String mode) throws Exception {
    NbdServer server = mode.startsWith("buffered") ? buffered : zeroCopy;
    String connections = mode.substring(mode.length() - 1);
    Path out = dir.resolve("copy-" + mode + ".img");
    Result r =
        run("nbdcopy", "--connections=" + connections, uri(server, "archiso"), out.toString());
    assertEquals(0, r.exit, r.output);
    assertEquals(SIZE, Files.size(out));
    assertEquals(isoSha256, sha256(out));
    Files.delete(out);
  }

  @Test
  void simpleRepliesServeTheSameBytes() throws Exception {
    // libnbd asks for structured replies by default; the archiso kernel client never does.
    Result r =
        nbdsh(
            "h.set_request_structured_replies(False)",
            "h.connect_uri('" + uri(zeroCopy, "archiso") + "')",
            "assert not h.get_structured_replies_negotiated()",
            "import hashlib",
            "data = b''.join(h.pread(min(1 << 20, h.get_size() - o), o)"
                + " for o in range(0, h.get_size(), 1 << 20))",
            "print(hashlib.sha256(data).hexdigest())");
    assertEquals(0, r.exit, r.output);
    assertEquals(isoSha256, r.output.strip());
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void writesTrimsAndOutOfRangeReadsAreRefusedByTheServer(boolean structured) throws Exception {
    // Strict mode off, so libnbd sends what the read-only flag would make it refuse locally.
    Result r =
        nbdsh(
            "h.set_strict_mode(0)",
            "h.set_request_structured_replies(" + (structured ? "True" : "False") + ")",
            "h.connect_uri('" + uri(buffered, "archiso") + "')",
            "def errno(f):",
            "    try:",
            "        f()",
            "        return 'ok'",
            "    except nbd.Error as e:",
            "        return e.errno",
            "print('write', errno(lambda: h.pwrite(b'x' * 70000, 0)))",
            "print('trim', errno(lambda: h.trim(4096, 0)))",
            "print('zero', errno(lambda: h.zero(4096, 0)))",
            "print('past-end', errno(lambda: h.pread(16, h.get_size() - 8)))",
            "print('read', len(h.pread(512, 0)))",
            "print('flush', errno(lambda: h.flush()))");
    assertEquals(0, r.exit, r.output);
    assertEquals(
        List.of(
            "write EPERM", "trim EPERM", "zero EPERM", "past-end EINVAL", "read 512", "flush ok"),
        r.output.strip().lines().toList());
  }

  @Test
  void defaultClientWriteFailsWithEperm() throws Exception {
    Result r = nbdsh("h.connect_uri('" + uri(buffered, "archiso") + "')", "h.pwrite(b'x', 0)");
    assertTrue(r.exit != 0, r.output);
    assertTrue(r.output.contains("Operation not permitted"), r.output);
  }

  @Test
  void malformedHandshakeClosesOnlyThatConnection() throws Exception {
    long before = buffered.stats().malformed();
    try (Socket idle = connect(buffered);
        Socket bad = connect(buffered)) {
      readGreeting(idle);
      readGreeting(bad);
      // Client flags with unknown bits: the server must close this connection.
      bad.getOutputStream().write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
      bad.getOutputStream().flush();
      assertEquals(-1, bad.getInputStream().read(), "the malformed connection is closed");

      Path out = dir.resolve("copy-while-malformed.img");
      Result r = run("nbdcopy", uri(buffered, "archiso"), out.toString());
      assertEquals(0, r.exit, r.output);
      assertEquals(isoSha256, sha256(out));
      Files.delete(out);

      // The idle, well-behaved connection is still open and can go on.
      idle.getOutputStream().write(new byte[] {0, 0, 0, 3});
      idle.setSoTimeout(300);
      try {
        int b = idle.getInputStream().read();
        fail("unexpected byte " + b + " or close after valid client flags");
      } catch (SocketTimeoutException expected) {
        // nothing to read and not closed
      }
    }
    assertEquals(before + 1, buffered.stats().malformed());
  }

  private static Socket connect(NbdServer server) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
    s.setSoTimeout(5000);
    return s;
  }

  private static void readGreeting(Socket s) throws IOException {
    byte[] greeting = s.getInputStream().readNBytes(18);
    assertEquals("4e42444d414749434948415645" + "4f50540003", HexFormat.of().formatHex(greeting));
  }

  private static String uri(NbdServer server, String export) {
    return "nbd://127.0.0.1:" + server.port() + "/" + export;
  }

  private static Result nbdsh(String... lines) throws Exception {
    return run("nbdsh", "-c", String.join("\n", lines));
  }

  record Result(int exit, String output) {}

  static Result run(String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    // nbdsh runs "python3" from PATH: use the system one, which has the nbd module.
    env.put("PATH", "/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin");
    env.remove("PYTHONPATH");
    env.remove("PYENV_VERSION");
    env.put("LIBNBD_DEBUG", "0");
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] out;
    try (InputStream in = p.getInputStream()) {
      out = readWithTimeout(p, in);
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private static byte[] readWithTimeout(Process p, InputStream in) throws Exception {
    List<byte[]> chunks = new ArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try {
                chunks.add(in.readAllBytes());
              } catch (IOException e) {
                chunks.add(("read error: " + e).getBytes(StandardCharsets.UTF_8));
              }
            });
    reader.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      fail("timed out: " + p.info().commandLine().orElse("?"));
    }
    reader.join(10_000);
    return chunks.isEmpty() ? new byte[0] : chunks.get(0);
  }

  static void requireBinary(String name, String debianPackage) {
    for (String d : List.of("/usr/bin", "/usr/local/bin", "/bin")) {
      if (Files.isExecutable(Path.of(d, name))) {
        return;
      }
    }
    fail(name + " is missing: install the Debian package " + debianPackage);
  }

  private static String sha256(Path file) throws IOException {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
