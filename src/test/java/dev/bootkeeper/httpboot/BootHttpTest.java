package dev.bootkeeper.httpboot;

import static dev.bootkeeper.api.ApiTestSupport.admin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.api.ApiTestSupport;
import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.BootEventRecorder;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The machine-facing HTTP side, driven by curl and by raw sockets. */
@QuarkusTest
class BootHttpTest {

  static final int BIG = 64 * 1024 * 1024;

  @TestHTTPResource("/")
  URL base;

  @Inject BootEventRecorder recorder;

  @TempDir static Path work;

  static Path dir;
  static String rel;
  static String bigSha256;
  static byte[] small;

  @BeforeAll
  static void files() throws Exception {
    Path images =
        Path.of(ConfigProvider.getConfig().getValue("bootkeeper.images-dir", String.class));
    rel = "httpboot-" + System.nanoTime();
    dir = images.resolve(rel);
    Files.createDirectories(dir.resolve("efi"));
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    Random random = new Random(42);
    byte[] chunk = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(dir.resolve("big.bin"))) {
      for (int i = 0; i < BIG / chunk.length; i++) {
        random.nextBytes(chunk);
        sha.update(chunk);
        out.write(chunk);
      }
    }
    bigSha256 = HexFormat.of().formatHex(sha.digest());
    small = new byte[300_001];
    random.nextBytes(small);
    Files.write(dir.resolve("efi/loader.efi"), small);
    Files.write(dir.resolve("empty"), new byte[0]);
    Files.createSymbolicLink(dir.resolve("passwd-link"), Path.of("/etc/passwd"));
  }

  @AfterAll
  static void removeFiles() throws IOException {
    if (dir != null) {
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private String url(String path) {
    return "http://127.0.0.1:" + base.getPort() + path;
  }

  private String big() {
    return url("/images/" + rel + "/big.bin");
  }

  private static String sha256(Path... parts) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (Path p : parts) {
      sha.update(Files.readAllBytes(p));
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** Header lines as curl wrote them with -D, without the Date header (it moves with the clock). */
  private static List<String> headers(Path file) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
      if (!line.isBlank() && !line.toLowerCase(Locale.ROOT).startsWith("date:")) {
        out.add(line.strip());
      }
    }
    return out;
  }

  private static String header(List<String> headers, String name) {
    for (String h : headers) {
      if (h.startsWith(name + ": ")) {
        return h.substring(name.length() + 2);
      }
    }
    return null;
  }

  @Test
  void downloadsALargeFileWholeAndUncompressed() throws Exception {
    Path body = work.resolve("full.bin");
    Path head = work.resolve("full.h");
    Curl.ok(
        work,
        "-H",
        "Accept-Encoding: gzip, deflate, br",
        "-D",
        head.toString(),
        "-o",
        body.toString(),
        big());
    List<String> h = headers(head);
    assertEquals("HTTP/1.1 200 OK", h.get(0));
    assertEquals(Integer.toString(BIG), header(h, "Content-Length"));
    assertEquals("application/octet-stream", header(h, "Content-Type"));
    assertEquals("bytes", header(h, "Accept-Ranges"));
    assertTrue(header(h, "ETag").matches("\"[0-9a-f]+-4000000\""), header(h, "ETag"));
    assertTrue(header(h, "Last-Modified").endsWith(" GMT"));
    assertTrue(
        h.stream().noneMatch(l -> l.toLowerCase(Locale.ROOT).startsWith("content-encoding")));
    assertTrue(
        h.stream().noneMatch(l -> l.toLowerCase(Locale.ROOT).startsWith("transfer-encoding")));
    assertEquals(bigSha256, sha256(body));
  }

  @Test
  void rangesAddUpToTheWholeFile() throws Exception {
    Path a = work.resolve("a");
    Path b = work.resolve("b");
    Path c = work.resolve("c");
    Path d = work.resolve("d");
    String[][] requests = {
      {"0-16777215", a.toString(), "bytes 0-16777215/67108864", "16777216"},
      {"16777216-50331647", b.toString(), "bytes 16777216-50331647/67108864", "33554432"},
      {"-16777216", c.toString(), "bytes 50331648-67108863/67108864", "16777216"},
      {"50331648-", d.toString(), "bytes 50331648-67108863/67108864", "16777216"},
    };
    for (String[] r : requests) {
      Path h = work.resolve("range.h");
      Curl.ok(work, "-r", r[0], "-D", h.toString(), "-o", r[1], big());
      List<String> hs = headers(h);
      assertEquals("HTTP/1.1 206 Partial Content", hs.get(0), r[0]);
      assertEquals(r[2], header(hs, "Content-Range"), r[0]);
      assertEquals(r[3], header(hs, "Content-Length"), r[0]);
    }
    assertEquals(bigSha256, sha256(a, b, c));
    assertEquals(sha256(c), sha256(d));
  }

  @Test
  void unsatisfiableRangesGet416AndMultiRangesTheWholeFile() throws Exception {
    Path h = work.resolve("416.h");
    for (String range : new String[] {"67108864-", "-0", "99999999-100000000"}) {
      Curl.ok(
          work,
          "-H",
          "Range: bytes=" + range,
          "-D",
          h.toString(),
          "-o",
          work.resolve("416.body").toString(),
          big());
      List<String> hs = headers(h);
      assertEquals("HTTP/1.1 416 Requested Range Not Satisfiable", hs.get(0), range);
      assertEquals("bytes */67108864", header(hs, "Content-Range"));
    }
    Path body = work.resolve("multi.bin");
    Curl.ok(work, "-r", "0-1,5-6", "-D", h.toString(), "-o", body.toString(), big());
    assertEquals("HTTP/1.1 200 OK", headers(h).get(0));
    assertEquals(bigSha256, sha256(body));
  }

  @Test
  void headAnswersWithTheHeadersOfGet() throws Exception {
    for (String[] extra :
        new String[][] {{}, {"-r", "100-199"}, {"-r", "99999999-"}, {"-H", "X: y"}}) {
      Path get = work.resolve("get.h");
      Path head = work.resolve("head.h");
      List<String> g = new ArrayList<>(List.of(extra));
      g.addAll(List.of("-D", get.toString(), "-o", work.resolve("get.body").toString(), big()));
      Curl.ok(work, g.toArray(String[]::new));
      List<String> hd = new ArrayList<>(List.of(extra));
      hd.addAll(List.of("--head", "-D", head.toString(), big()));
      Curl.ok(work, hd.toArray(String[]::new));
      assertEquals(headers(get), headers(head), String.join(" ", extra));
    }
    Path get = work.resolve("get404.h");
    Path head = work.resolve("head404.h");
    Curl.ok(work, "-D", get.toString(), "-o", work.resolve("x").toString(), url("/images/nope"));
    Curl.ok(work, "--head", "-D", head.toString(), url("/images/nope"));
    assertEquals(headers(get), headers(head));
  }

  /**
   * GRUB ({@code grub-core/net/http.c}) needs the status line to start {@code HTTP/1.1 } and finds
   * the length only in a header spelled {@code Content-Length: }; it must never see chunking.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "GET /images/%s/efi/loader.efi",
        "HEAD /images/%s/efi/loader.efi",
        "GET /images/%s/empty",
        "GET /images/%s/nope",
        "GET /images/%s/../../../etc/passwd",
        "GET /images/grub/grub.cfg-01-02-48-54-00-00-01",
        "GET /boot/02:48:54:00:00:01.ipxe",
      })
  void headerBytesOnTheWireAreWhatGrubMatches(String line) throws Exception {
    String request =
        String.format(line, rel)
            + " HTTP/1.1\r\nHost: 198.18.0.1\r\nUser-Agent: GRUB 2.06\r\n"
            + (line.contains("loader") ? "Range: bytes=0-\r\n" : "")
            + "Connection: close\r\n\r\n";
    RawHttp.Answer a = RawHttp.exchange(base.getPort(), request, 10_000);
    String head = a.head();
    assertTrue(a.statusLine().startsWith("HTTP/1.1 "), a.statusLine());
    assertTrue(head.contains("\r\nContent-Length: "), head);
    assertFalse(head.contains("content-length"), head);
    assertFalse(head.toLowerCase(Locale.ROOT).contains("transfer-encoding"), head);
    Matcher m = Pattern.compile("\r\nContent-Length: (\\d+)\r\n").matcher(head + "\r\n");
    assertTrue(m.find());
    int expected = line.startsWith("HEAD") ? 0 : Integer.parseInt(m.group(1));
    assertEquals(expected, a.body().length, head);
    if (line.contains("loader")) {
      assertTrue(a.statusLine().startsWith("HTTP/1.1 206 "), a.statusLine());
      assertEquals("300001", m.group(1));
      if (line.startsWith("GET")) {
        assertArrayEquals(small, a.body());
      }
    }
  }

  @Test
  void anHttp10ClientGetsTheBodyThenTheClose() throws Exception {
    // lpxelinux: HTTP/1.0, Connection: close, a cookie, and it reads until the server closes.
    RawHttp.Answer a =
        RawHttp.exchange(
            base.getPort(),
            "GET /images/"
                + rel
                + "/efi/loader.efi HTTP/1.0\r\nHost: 198.18.0.1\r\n"
                + "User-Agent: Syslinux/6.04\r\nConnection: close\r\n"
                + "Cookie: _Syslinux_BOOTIF=01-02-48-54-00-00-02\r\n\r\n",
            30_000);
    assertTrue(a.closedByServer(), "the server must close the connection after the body");
    assertTrue(a.statusLine().matches("HTTP/1\\.[01] 200 OK"), a.statusLine());
    assertFalse(a.head().toLowerCase(Locale.ROOT).contains("chunked"));
    assertArrayEquals(small, a.body());

    Path body = work.resolve("http10.bin");
    Curl.ok(work, "--http1.0", "-H", "Connection: close", "-o", body.toString(), big());
    assertEquals(bigSha256, sha256(body));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/images/../etc/passwd",
        "/images/../../../../etc/passwd",
        "/images/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/images/%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/images/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/images/..%5c..%5c..%5cetc%5cpasswd",
        "/images/%5c..%5c..%5c..%5cetc/passwd",
        "/images/..\\..\\..\\etc\\passwd",
        "/images/etc/passwd%00.efi",
        "/images/%00../../etc/passwd",
        "/images/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
        "/images/%252e%252e/%252e%252e/etc/passwd",
        "/images/%zz/../../etc/passwd",
        "/boot/..%2f..%2f..%2fetc/passwd",
        "/boot/../../../etc/passwd",
        "/images/PASSWD-LINK",
      })
  void traversalIsRefusedAndLeaksNothing(String path) throws Exception {
    String p = path.replace("PASSWD-LINK", rel + "/passwd-link");
    RawHttp.Answer a =
        RawHttp.exchange(
            base.getPort(),
            "GET " + p + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            10_000);
    String status = a.statusLine();
    assertTrue(
        status.startsWith("HTTP/1.1 403 ")
            || status.startsWith("HTTP/1.1 400 ")
            || status.startsWith("HTTP/1.1 404 "),
        p + " -> " + status);
    String body = new String(a.body(), StandardCharsets.ISO_8859_1);
    assertFalse(body.contains("root:"), body);
    // Vert.x itself answers 400 to malformed escapes and to a raw backslash before routing.
    if (p.contains("..")
        && !p.contains("%25")
        && !p.contains("%zz")
        && !p.contains("%c0")
        && !p.contains("\\")) {
      assertTrue(status.startsWith("HTTP/1.1 403 "), p + " -> " + status);
    }
  }

  @Test
  void aSymlinkOutOfTheImagesDirectoryIsForbidden() throws Exception {
    RawHttp.Answer a =
        RawHttp.exchange(
            base.getPort(),
            "GET /images/" + rel + "/passwd-link HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            10_000);
    assertTrue(a.statusLine().startsWith("HTTP/1.1 403 "), a.statusLine());
    assertEquals(
        "403 refused: symlink leads out of the image root\n",
        new String(a.body(), StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
  void everythingButGetAndHeadIs405(String method) throws Exception {
    byte[] before = Files.readAllBytes(dir.resolve("efi/loader.efi"));
    given()
        .body("x")
        .request(method, "/images/" + rel + "/efi/loader.efi")
        .then()
        .statusCode(405)
        .header("Allow", "GET, HEAD");
    assertArrayEquals(before, Files.readAllBytes(dir.resolve("efi/loader.efi")));
  }

  @Test
  void missingFilesAre404AndEfiFilesApplicationEfi() {
    given()
        .get("/images/" + rel + "/no-such-file")
        .then()
        .statusCode(404)
        .contentType("text/plain")
        .body(equalTo("404 not found\n"));
    given()
        .get("/images/" + rel + "/efi/loader.efi")
        .then()
        .statusCode(200)
        .header("Content-Type", "application/efi");
    given().get("/images/" + rel + "/efi").then().statusCode(404);
    given().get("/images/").then().statusCode(404);
  }

  @Test
  void conditionalRequests() {
    Response first = given().get("/images/" + rel + "/efi/loader.efi");
    String etag = first.header("ETag");
    String lastModified = first.header("Last-Modified");
    given()
        .header("If-None-Match", etag)
        .get("/images/" + rel + "/efi/loader.efi")
        .then()
        .statusCode(304)
        .header("ETag", etag);
    given()
        .header("If-Modified-Since", lastModified)
        .get("/images/" + rel + "/efi/loader.efi")
        .then()
        .statusCode(304);
    given()
        .header("Range", "bytes=0-9")
        .header("If-Range", "\"stale\"")
        .get("/images/" + rel + "/efi/loader.efi")
        .then()
        .statusCode(200)
        .header("Content-Length", "300001");
    given()
        .header("Range", "bytes=0-9")
        .header("If-Range", etag)
        .get("/images/" + rel + "/efi/loader.efi")
        .then()
        .statusCode(206)
        .header("Content-Length", "10");
  }

  private static String newHostWithProfile() {
    String profile = ApiTestSupport.unique("http");
    admin()
        .body(
            Map.of(
                "name",
                profile,
                "kind",
                "linux",
                "kernel",
                "sr/vmlinuz",
                "initrds",
                List.of("sr/initrd.img"),
                "cmdline",
                "console=ttyS0 token=" + profile))
        .post("/api/v1/profiles")
        .then()
        .statusCode(201);
    String mac = ApiTestSupport.uniqueMac();
    admin().body(Map.of("profile", profile)).put("/api/v1/hosts/" + mac).then().statusCode(201);
    return mac;
  }

  private static String preview(String mac, String format) {
    return given()
        .get("/api/v1/hosts/" + mac + "/boot?format=" + format)
        .then()
        .statusCode(200)
        .extract()
        .asString();
  }

  private static String served(String path, String... headers) {
    var req = given();
    for (int i = 0; i < headers.length; i += 2) {
      req = req.header(headers[i], headers[i + 1]);
    }
    return req.urlEncodingEnabled(false)
        .get(path)
        .then()
        .statusCode(200)
        .contentType("text/plain")
        .header("Cache-Control", "no-store")
        .extract()
        .asString();
  }

  @Test
  void perMachineConfigsOverHttpAreWhatTheApiPreviews() throws Exception {
    String mac = newHostWithProfile();
    String dashed = mac.replace(':', '-');
    String ipxe = preview(mac, "ipxe");
    assertTrue(ipxe.startsWith("#!ipxe\n"), ipxe);
    assertTrue(ipxe.contains("token="), ipxe);
    assertEquals(ipxe, served("/boot/" + mac + ".ipxe"));
    assertEquals(ipxe, served("/boot/" + dashed.toUpperCase(Locale.ROOT) + ".ipxe"));
    assertEquals(ipxe, served("/boot/" + mac.replace(":", "%3A") + ".ipxe"));
    assertEquals(ipxe, served("/boot.ipxe?mac=" + mac));
    assertEquals(ipxe, served("/images/boot/" + mac + ".ipxe"));

    String grub = preview(mac, "grub");
    assertEquals(grub, served("/images/grub/grub.cfg-01-" + dashed));
    assertEquals(grub, served("/images/grub/grub.cfg?mac=" + mac));

    String pxelinux = preview(mac, "pxelinux");
    assertEquals(pxelinux, served("/images/pxelinux.cfg/01-" + dashed));
    // lpxelinux names itself in a cookie, so even pxelinux.cfg/default is this machine's.
    assertEquals(
        pxelinux,
        served("/images/pxelinux.cfg/default", "Cookie", "_Syslinux_BOOTIF=01-" + dashed));

    // And with curl, byte for byte.
    Path out = work.resolve("script.ipxe");
    Curl.ok(work, "-o", out.toString(), url("/boot/" + mac + ".ipxe"));
    assertEquals(ipxe, Files.readString(out, StandardCharsets.UTF_8));
  }

  @Test
  void bootScriptWithoutAMacIsABadRequestUnlessTheCallerIsKnown() {
    given()
        .get("/boot.ipxe")
        .then()
        .statusCode(400)
        .body(org.hamcrest.Matchers.containsString("/boot.ipxe?mac="));
    given().get("/boot.ipxe?mac=zz").then().statusCode(400);
  }

  @Test
  void everyAnswerIsABootEvent() throws Exception {
    String mac = newHostWithProfile();
    List<BootEvent> seen = new CopyOnWriteArrayList<>();
    Consumer<BootEvent> listener = seen::add;
    recorder.addListener(listener);
    try {
      given().urlEncodingEnabled(false).get("/boot/" + mac + ".ipxe").then().statusCode(200);
      given().head("/images/" + rel + "/efi/loader.efi").then().statusCode(200);
      given().get("/images/" + rel + "/missing-" + mac.replace(":", "")).then().statusCode(404);
      given().header("Range", "bytes=0-9").get("/images/" + rel + "/efi/loader.efi");
      long until = System.currentTimeMillis() + 10_000;
      while (seen.size() < 4 && System.currentTimeMillis() < until) {
        Thread.sleep(20);
      }
    } finally {
      recorder.removeListener(listener);
    }
    BootEvent script = find(seen, "/boot/" + mac + ".ipxe");
    assertEquals(mac, script.mac());
    assertEquals("127.0.0.1", script.ip());
    assertEquals(BootEvent.Protocol.HTTP, script.protocol());
    assertEquals("http-get", script.step().label());
    assertEquals(BootEvent.Outcome.OK, script.outcome());
    assertTrue(
        script.detail().matches("GET /boot/.* -> 200, \\d+ bytes in \\d+ ms"), script.detail());

    BootEvent head = find(seen, "HEAD /images/" + rel + "/efi/loader.efi");
    assertEquals("http-head", head.step().label());
    assertEquals(BootEvent.Outcome.OK, head.outcome());

    BootEvent missing = find(seen, "missing-" + mac.replace(":", ""));
    assertEquals(BootEvent.Outcome.FAILED, missing.outcome());
    assertTrue(
        missing.detail().contains("-> 404") && missing.detail().endsWith("not found"),
        missing.detail());

    BootEvent range = find(seen, "GET /images/" + rel + "/efi/loader.efi");
    assertTrue(range.detail().contains("-> 206, 10 bytes (bytes 0-9/300001)"), range.detail());
  }

  private static BootEvent find(List<BootEvent> events, String detailPart) {
    return events.stream()
        .filter(e -> e.detail() != null && e.detail().contains(detailPart))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no event with '" + detailPart + "' in " + events));
  }

  @Test
  void bootloaderStatusIsOpenToRead() {
    given()
        .get("/api/v1/bootloaders")
        .then()
        .statusCode(200)
        .body(
            "file",
            org.hamcrest.Matchers.hasItems(
                "pxelinux.0",
                "ldlinux.c32",
                "lpxelinux.0",
                "undionly.kpxe",
                "ipxe.efi",
                "snponly.efi",
                "grubnetx64.efi"))
        .body("find { it.file == 'snponly.efi' }.configured", equalTo(true));
    List<Map<String, Object>> list = given().get("/api/v1/bootloaders").jsonPath().getList("$");
    for (Map<String, Object> l : list) {
      assertEquals(Boolean.FALSE.equals(l.get("present")), l.get("hint") != null, l.toString());
    }
  }
}
