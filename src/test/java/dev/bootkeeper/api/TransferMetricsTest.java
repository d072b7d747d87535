package dev.bootkeeper.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.boot.Ipv4;
import dev.bootkeeper.boot.MacAddress;
import dev.bootkeeper.dhcp.DhcpStartup;
import dev.bootkeeper.dhcp.Lease;
import dev.bootkeeper.dhcp.LeaseStore;
import dev.bootkeeper.tftp.TftpStartup;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The byte and answer counters move by what was really sent, over HTTP and over TFTP. */
@QuarkusTest
class TransferMetricsTest {

  private static final int SIZE = 300_000;

  @Inject TftpStartup tftp;
  @Inject DhcpStartup dhcp;

  @Test
  void httpBytesAndAnswersAreCounted() throws Exception {
    Path file = writeImage("metrics/http.bin");
    double bytes = metric("bootkeeper_http_bytes_total");
    double ok = metric("bootkeeper_http_requests_total{status=\"2xx\"}");
    double missing = metric("bootkeeper_http_requests_total{status=\"4xx\"}");

    given().get("/images/metrics/http.bin").then().statusCode(200);
    int notFoundBody =
        given()
            .get("/images/metrics/not-there.bin")
            .then()
            .statusCode(404)
            .extract()
            .asByteArray()
            .length;

    // The counters move when the answer is written, just after the client has it.
    awaitMetric("bootkeeper_http_bytes_total", bytes + Files.size(file) + notFoundBody);
    assertEquals(ok + 1, metric("bootkeeper_http_requests_total{status=\"2xx\"}"));
    assertEquals(missing + 1, metric("bootkeeper_http_requests_total{status=\"4xx\"}"));
  }

  @Test
  void tftpBytesAreCountedWhenTheTransferEnds() throws Exception {
    Path file = writeImage("metrics/tftp.bin");
    double before = metric("bootkeeper_tftp_bytes_total");
    int port = tftp.server().orElseThrow().port();
    Process curl =
        new ProcessBuilder(
                "curl", "-sS", "-o", "/dev/null", "tftp://127.0.0.1:" + port + "/metrics/tftp.bin")
            .redirectErrorStream(true)
            .start();
    assertTrue(curl.waitFor(30, TimeUnit.SECONDS), "curl tftp did not finish");
    assertEquals(0, curl.exitValue(), new String(curl.getInputStream().readAllBytes()));
    awaitMetric("bootkeeper_tftp_bytes_total", before + Files.size(file));
  }

  @Test
  void leasesInUseAreReadFromTheStore() throws Exception {
    // Other tests share this store: claim one more lease and expect the gauge to follow the store.
    LeaseStore leases = dhcp.server().leases();
    Instant now = Instant.now();
    assertTrue(
        leases.claim(
            new Lease(
                Ipv4.require("198.19.250.250"),
                MacAddress.of("02:4d:45:54:52:01"),
                now.plus(Duration.ofHours(1)),
                Lease.State.BOUND),
            now));
    long expected = leases.countActive(Instant.now());
    assertTrue(expected >= 1);
    // The gauge recounts at most every 5 s.
    awaitMetric("bootkeeper_dhcp_leases_active", expected);
  }

  private static Path writeImage(String relative) throws Exception {
    Path file = Path.of("target/test-images").resolve(relative);
    Files.createDirectories(file.getParent());
    byte[] data = new byte[SIZE];
    new Random(7).nextBytes(data);
    Files.write(file, data);
    return file;
  }

  private static void awaitMetric(String series, double expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    double seen = metric(series);
    while (seen != expected && System.nanoTime() < deadline) {
      Thread.sleep(50);
      seen = metric(series);
    }
    assertEquals(expected, seen, series);
  }

  private static double metric(String series) {
    String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + "\\s+(\\S+)$").matcher(body);
    assertTrue(m.find(), series + " is not published");
    return Double.parseDouble(m.group(1));
  }
}
