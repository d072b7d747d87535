package dev.bootkeeper.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.CapturedLog;
import dev.bootkeeper.boot.BootEventRecorder;
import dev.bootkeeper.boot.BootEventRetention;
import dev.bootkeeper.boot.BootEventRetentionConfig;
import dev.bootkeeper.store.BootEventEntity;
import dev.bootkeeper.tftp.TftpStartup;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Floods of anonymous failures against the running appliance, with the production budgets: the log
 * and the boot-event table grow by a bounded amount and one "N more suppressed" summary, and the
 * metrics count everything. Then the retention job deletes by age and by count.
 */
@QuarkusTest
@TestProfile(AnonymousFailureFloodTest.ProductionBudgets.class)
class AnonymousFailureFloodTest {

  static final int PER_CLIENT = 50;
  static final int FLOOD_ROUND = 50;

  public static class ProductionBudgets implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "bootkeeper.events.failures-window", "30s",
          "bootkeeper.events.failures-per-file", "3",
          "bootkeeper.events.failures-per-client", String.valueOf(PER_CLIENT),
          "bootkeeper.events.failures-total", "2000",
          // This test floods the TFTP port on purpose: the rate cap is tested elsewhere.
          "bootkeeper.tftp.request-burst-per-client", "100000");
    }
  }

  @Inject TftpStartup tftp;
  @Inject BootEventRecorder recorder;

  /**
   * The retention job under test, with a small count. Not the appliance's own: that one runs by
   * itself a minute after start, and with these limits it once deleted a flood test's rows before
   * they were counted.
   */
  private final BootEventRetention retention =
      new BootEventRetention(new RetentionLimits(Duration.ofDays(30), 50, Duration.ofHours(1)));

  record RetentionLimits(Duration maxAge, long maxBootEvents, Duration interval)
      implements BootEventRetentionConfig {}

  @Test
  void aTftpNotFoundFloodIsLoggedAndStoredBounded() throws Exception {
    int n = 600;
    String prefix = "flood-tftp-" + System.nanoTime() + "-";
    double suppressedBefore = metric("TFTP", "NOT_FOUND");
    try (CapturedLog log = CapturedLog.of("dev.bootkeeper.boot.events");
        DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      s.setSoTimeout(5000);
      InetSocketAddress server =
          new InetSocketAddress(
              InetAddress.getLoopbackAddress(), tftp.server().orElseThrow().port());
      // In rounds of 50, each answered before the next: a burst of all 600 at once overflows the
      // sockets' receive buffers on a default system (net.core.rmem_max 208 KiB), and the kernel
      // drops requests or answers before anyone reads them.
      for (int round = 0; round < n; round += FLOOD_ROUND) {
        for (int i = round; i < round + FLOOD_ROUND; i++) {
          byte[] rrq = ("\0\1" + prefix + i + "\0octet\0").getBytes(StandardCharsets.US_ASCII);
          s.send(new DatagramPacket(rrq, rrq.length, server));
        }
        for (int i = round; i < round + FLOOD_ROUND; i++) {
          s.receive(new DatagramPacket(new byte[600], 600));
        }
      }
      awaitSummary("TFTP");
      assertBounded(prefix, "TFTP", n, log);
    }
    assertEquals(suppressedBefore + n - PER_CLIENT, metric("TFTP", "NOT_FOUND"));
  }

  @Test
  void anHttpNotFoundFloodIsLoggedAndStoredBounded() throws Exception {
    int n = 120;
    String prefix = "flood-http-" + System.nanoTime() + "-";
    double suppressedBefore = metric("HTTP", "NOT_FOUND");
    try (CapturedLog log = CapturedLog.of("dev.bootkeeper.boot.events")) {
      for (int i = 0; i < n; i++) {
        given().get("/images/" + prefix + i).then().statusCode(404);
      }
      awaitSummary("HTTP");
      assertBounded(prefix, "HTTP", n, log);
    }
    assertEquals(suppressedBefore + n - PER_CLIENT, metric("HTTP", "NOT_FOUND"));
  }

  @Test
  void retentionDeletesByAgeThenTheOldestBeyondTheCount() {
    assertTrue(recorder.awaitStored(Duration.ofSeconds(10)));
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              BootEventEntity.deleteAll();
              for (int i = 0; i < 30; i++) {
                row(now.minusDays(31).minusMinutes(i), "old-" + i);
              }
              for (int i = 0; i < 80; i++) {
                row(now.minusDays(29).plusMinutes(i), "recent-" + i);
              }
            });
    BootEventRetention.Deleted deleted = retention.run();
    assertEquals(30, deleted.byAge(), "older than 30 days");
    assertEquals(30, deleted.byCount(), "the oldest beyond 50");
    List<String> left =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    BootEventEntity.<BootEventEntity>list("order by at").stream()
                        .map(e -> e.detail)
                        .toList());
    assertEquals(50, left.size());
    assertEquals("recent-30", left.get(0));
    assertEquals("recent-79", left.get(49));
    assertEquals(new BootEventRetention.Deleted(0, 0), retention.run(), "nothing more to do");
  }

  private static void row(OffsetDateTime at, String detail) {
    BootEventEntity e = new BootEventEntity();
    e.at = at;
    e.ip = "198.18.0.9";
    e.protocol = "TFTP";
    e.step = "transfer-finished";
    e.stepType = "TRANSFER_DONE";
    e.outcome = "OK";
    e.detail = detail;
    e.persist();
  }

  /** Waits (bounded) for the window to end and its summary to be stored. */
  private void awaitSummary(String protocol) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
    while (summaries(protocol) == 0 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertTrue(recorder.awaitStored(Duration.ofSeconds(10)));
  }

  private void assertBounded(String prefix, String protocol, int sent, CapturedLog log) {
    long rows =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    BootEventEntity.count(
                        "protocol = ?1 and ip = '127.0.0.1' and detail like ?2",
                        protocol,
                        "%" + prefix + "%"));
    assertEquals(PER_CLIENT, rows, "rows for " + sent + " not-found requests");
    long lines = log.messages().stream().filter(m -> m.contains(prefix)).count();
    assertEquals(PER_CLIENT, lines, "log lines for " + sent + " not-found requests");
    String summary = (sent - PER_CLIENT) + " more failures from this client suppressed";
    assertEquals(
        1,
        log.messages().stream().filter(m -> m.contains(protocol) && m.contains(summary)).count(),
        "one summary line: " + summary);
    assertEquals(1, summaries(protocol));
  }

  private static long summaries(String protocol) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                BootEventEntity.count(
                    "protocol = ?1 and ip = '127.0.0.1' and detail like '%suppressed%'", protocol));
  }

  private static double metric(String protocol, String reason) {
    String series =
        "bootkeeper_events_suppressed_total{protocol=\""
            + protocol
            + "\",reason=\""
            + reason
            + "\"}";
    String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + "\\s+(\\S+)$").matcher(body);
    assertTrue(m.find(), series + " is not published");
    return Double.parseDouble(m.group(1));
  }
}
