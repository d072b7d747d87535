package dev.bootkeeper.tftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.bootkeeper.boot.BootEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The server against the Debian TFTP clients over 127.0.0.1: tftp-hpa ({@code tftp}), atftp and
 * curl. tftp-hpa exits 0 even after an error, so it is judged by its output and the file it wrote.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TftpRealClientsTest {

  static final String RENDERED_NAME = "pxelinux.cfg/01-52-54-00-12-34-56";
  static final byte[] RENDERED =
      "DEFAULT rescue\nLABEL rescue\n  KERNEL vmlinuz\n".getBytes(StandardCharsets.US_ASCII);
  static final int[] SIZES = {0, 511, 512, 513, 1 << 20, 40 << 20};

  Path dir;
  Path root;
  Path out;
  TestTftp tftp;

  @BeforeAll
  void start() throws IOException {
    dir = Files.createTempDirectory("bk-tftp-");
    root = Files.createDirectories(dir.resolve("root"));
    out = Files.createDirectories(dir.resolve("out"));
    Random random = new Random(42);
    for (int size : SIZES) {
      byte[] b = new byte[size];
      random.nextBytes(b);
      Files.write(root.resolve("f" + size), b);
    }
    Files.createDirectories(root.resolve("a"));
    Files.writeString(dir.resolve("secret"), "outside the root\n");
    Files.createSymbolicLink(root.resolve("escape"), dir.resolve("secret"));
    Files.writeString(root.resolve("text.cfg"), "line one\nline two\r\nend\n");
    tftp = new TestTftp(root, Map.of(RENDERED_NAME, RENDERED), new TestTftp.Settings());
  }

  @AfterAll
  void stop() throws IOException {
    if (tftp != null) {
      tftp.close();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 511, 512, 513, 1 << 20, 40 << 20})
  void tftpHpaFetchesEverySizeIncludingRollover(int size) throws Exception {
    Path target = out.resolve("hpa" + size);
    String output =
        run(
            "tftp-hpa",
            "tftp",
            "127.0.0.1",
            port(),
            "-m",
            "binary",
            "-c",
            "get",
            "f" + size,
            target.toString());
    assertEquals("", output.trim(), "tftp-hpa reported a problem");
    assertSameFile(root.resolve("f" + size), target);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 511, 512, 513, 1 << 20, 40 << 20})
  void atftpWithBlksizeTsizeAndWindowsize(int size) throws Exception {
    Path target = out.resolve("atftp" + size);
    run(
        "atftp",
        "atftp",
        "--option",
        "blksize 1468",
        "--option",
        "tsize 0",
        "--option",
        "windowsize 16",
        "-g",
        "-r",
        "f" + size,
        "-l",
        target.toString(),
        "127.0.0.1",
        port());
    assertSameFile(root.resolve("f" + size), target);
  }

  @ParameterizedTest
  @ValueSource(ints = {513, 1 << 20, 40 << 20})
  void atftpLockStep(int size) throws Exception {
    Path target = out.resolve("atftp-ls" + size);
    run("atftp", "atftp", "-g", "-r", "f" + size, "-l", target.toString(), "127.0.0.1", port());
    assertSameFile(root.resolve("f" + size), target);
  }

  /** curl 7.88 fails on a 0-byte file whenever options are negotiated, so sizes from 511. */
  @ParameterizedTest
  @ValueSource(ints = {511, 512, 513, 1 << 20, 40 << 20})
  void curlWithBlksize1468(int size) throws Exception {
    Path target = out.resolve("curl" + size);
    run(
        "curl",
        "curl",
        "-s",
        "tftp://127.0.0.1:" + port() + "/f" + size,
        "--tftp-blksize",
        "1468",
        "-o",
        target.toString());
    assertSameFile(root.resolve("f" + size), target);
  }

  /** With the cache off every file is streamed from disk by the read-ahead source. */
  @Test
  void filesTooLargeForTheCacheAreStreamedFromDisk() throws Exception {
    TestTftp.Settings noCache = new TestTftp.Settings();
    noCache.cacheBytes = 0;
    try (TestTftp streaming = new TestTftp(root, Map.of(), noCache)) {
      String port = Integer.toString(streaming.port());
      for (int size : new int[] {513, 1 << 20, 40 << 20}) {
        Path hpa = out.resolve("stream-hpa" + size);
        run(
            "tftp-hpa",
            "tftp",
            "127.0.0.1",
            port,
            "-m",
            "binary",
            "-c",
            "get",
            "f" + size,
            hpa.toString());
        assertSameFile(root.resolve("f" + size), hpa);
        Path window = out.resolve("stream-window" + size);
        run(
            "atftp",
            "atftp",
            "--option",
            "blksize 1468",
            "--option",
            "windowsize 16",
            "-g",
            "-r",
            "f" + size,
            "-l",
            window.toString(),
            "127.0.0.1",
            port);
        assertSameFile(root.resolve("f" + size), window);
      }
    }
  }

  @Test
  void renderedFileIsServedAndItsMacRecorded() throws Exception {
    Path target = out.resolve("rendered");
    String output =
        run(
            "tftp-hpa",
            "tftp",
            "127.0.0.1",
            port(),
            "-m",
            "binary",
            "-c",
            "get",
            RENDERED_NAME,
            target.toString());
    assertEquals("", output.trim());
    assertEquals(
        HexFormat.of().formatHex(RENDERED), HexFormat.of().formatHex(Files.readAllBytes(target)));
    BootEvent finished =
        awaitEvent(
            e ->
                e.step().label().equals("transfer-finished")
                    && e.detail().startsWith(RENDERED_NAME));
    assertEquals("52:54:00:12:34:56", finished.mac());
    assertEquals(BootEvent.Outcome.OK, finished.outcome());
    assertEquals(BootEvent.Protocol.TFTP, finished.protocol());
  }

  @Test
  void netasciiRoundTripsThroughTftpHpa() throws Exception {
    Path target = out.resolve("text");
    String output =
        run(
            "tftp-hpa",
            "tftp",
            "127.0.0.1",
            port(),
            "-m",
            "ascii",
            "-c",
            "get",
            "text.cfg",
            target.toString());
    assertEquals("", output.trim());
    // tftp-hpa turns CR LF back into LF and CR NUL back into CR.
    assertEquals("line one\nline two\r\nend\n", Files.readString(target));
  }

  @ParameterizedTest
  @ValueSource(strings = {"../etc/passwd", "/../x", "a/../../x", "..\\..\\etc\\passwd", "escape"})
  void traversalIsRefusedWithAccessViolation(String path) throws Exception {
    Path target = out.resolve("trav");
    String output =
        run(
            "tftp-hpa",
            "tftp",
            "127.0.0.1",
            port(),
            "-m",
            "binary",
            "-c",
            "get",
            path,
            target.toString());
    assertTrue(output.contains("Error code 2"), "expected error 2, got: " + output);
    assertTrue(!Files.exists(target) || Files.size(target) == 0);
  }

  @Test
  void missingFileIsError1() throws Exception {
    String output =
        run(
            "tftp-hpa",
            "tftp",
            "127.0.0.1",
            port(),
            "-m",
            "binary",
            "-c",
            "get",
            "pxelinux.cfg/C0A8",
            out.resolve("missing").toString());
    assertTrue(output.contains("Error code 1"), output);
  }

  @Test
  void writeIsRefused() throws Exception {
    Path src = out.resolve("upload");
    Files.writeString(src, "x");
    String output =
        run(
            "tftp-hpa",
            "tftp",
            "127.0.0.1",
            port(),
            "-m",
            "binary",
            "-c",
            "put",
            src.toString(),
            "upload");
    assertTrue(output.contains("Error code 2"), output);
    assertTrue(!Files.exists(root.resolve("upload")));
  }

  private String port() {
    return Integer.toString(tftp.port());
  }

  private BootEvent awaitEvent(java.util.function.Predicate<BootEvent> p)
      throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      for (BootEvent e : tftp.events) {
        if (p.test(e)) {
          return e;
        }
      }
      Thread.sleep(50);
    }
    return fail("no such event in " + tftp.events);
  }

  static void assertSameFile(Path expected, Path actual) throws Exception {
    assertTrue(Files.exists(actual), actual + " was not written");
    assertEquals(Files.size(expected), Files.size(actual), "size of " + actual);
    assertEquals(sha256(expected), sha256(actual), "sha256 of " + actual);
  }

  static String sha256(Path p) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (var in = Files.newInputStream(p)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** Runs a client with a time limit; output is stdout and stderr together. */
  static String run(String aptPackage, String... command) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(command));
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      return fail(
          command[0] + " is missing: install the Debian package '" + aptPackage + "' (" + e + ")");
    }
    p.getOutputStream().close();
    byte[] output;
    try (var in = p.getInputStream()) {
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail(String.join(" ", cmd) + " did not finish within 120 s");
      }
      output = in.readAllBytes();
    } finally {
      p.destroyForcibly();
    }
    return new String(output, StandardCharsets.UTF_8);
  }
}
