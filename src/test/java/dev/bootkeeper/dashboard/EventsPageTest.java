package dev.bootkeeper.dashboard;

import static dev.bootkeeper.dashboard.DashboardTestSupport.admin;
import static dev.bootkeeper.dashboard.DashboardTestSupport.uniqueMac;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.BootEventRecorder;
import dev.bootkeeper.boot.BootStep;
import dev.bootkeeper.dashboard.auth.Sessions;
import dev.bootkeeper.tftp.TftpStartup;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
class EventsPageTest {

  @Inject BootEventRecorder recorder;
  @Inject TftpStartup tftp;

  @TestHTTPResource("/events/stream")
  URL stream;

  @Test
  void listsStoredEventsNewestFirstAndFiltersByMac() {
    String a = uniqueMac();
    String b = uniqueMac();
    recorder.publish(
        BootEvent.now(
            a,
            null,
            BootEvent.Protocol.TFTP,
            BootStep.TRANSFER_STARTED,
            BootEvent.Outcome.INFO,
            "first"));
    recorder.publish(
        BootEvent.now(
            b,
            null,
            BootEvent.Protocol.TFTP,
            BootStep.TRANSFER_DONE,
            BootEvent.Outcome.OK,
            "other"));
    recorder.awaitStored(Duration.ofSeconds(10));
    String html = admin().get().get("/events").then().statusCode(200).extract().asString();
    assertTrue(html.indexOf(b) < html.indexOf(a), "newest on top");
    admin()
        .get()
        .queryParam("mac", a)
        .get("/events")
        .then()
        .body(containsString(a))
        .body(not(containsString(b)));
  }

  @Test
  void streamsNewEventsAsServerSentEvents() throws Exception {
    String mac = uniqueMac();
    HttpURLConnection c = (HttpURLConnection) new URL(stream + "?mac=" + mac).openConnection();
    c.setRequestProperty("Cookie", Sessions.COOKIE + "=" + admin().cookie());
    c.setRequestProperty("Accept", "text/event-stream");
    c.setReadTimeout(20_000);
    try {
      CompletableFuture<String> line =
          CompletableFuture.supplyAsync(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String l = r.readLine(); l != null; l = r.readLine()) {
                    if (l.startsWith("data:") && l.contains(mac)) {
                      return l;
                    }
                  }
                  return null;
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      String other = uniqueMac();
      for (int i = 0; i < 50 && !line.isDone(); i++) {
        recorder.publish(
            BootEvent.now(
                other,
                null,
                BootEvent.Protocol.DHCP,
                BootStep.DHCP_DISCOVER,
                BootEvent.Outcome.INFO,
                "not for this filter"));
        recorder.publish(
            BootEvent.now(
                mac,
                null,
                BootEvent.Protocol.DHCP,
                BootStep.DHCP_OFFER,
                BootEvent.Outcome.OK,
                "live-one"));
        Thread.sleep(200);
      }
      String got = line.get(20, TimeUnit.SECONDS);
      assertTrue(got.contains("<tr") && got.contains("live-one") && !got.contains(other), got);
    } finally {
      c.disconnect();
    }
  }

  /**
   * The path a user takes: a real TFTP client fetches the config pxelinux asks for, and the row
   * reaches an open stream. Events are published on the TFTP server's threads, where no request
   * context is active (publishing from the test thread once hid that the stream showed nothing).
   */
  @Test
  void aRealTftpFetchReachesTheLiveStreamWithinASecond() throws Exception {
    String mac = uniqueMac();
    HttpURLConnection c = (HttpURLConnection) new URL(stream + "?mac=" + mac).openConnection();
    c.setRequestProperty("Cookie", Sessions.COOKIE + "=" + admin().cookie());
    c.setRequestProperty("Accept", "text/event-stream");
    c.setReadTimeout(20_000);
    try {
      BufferedReader r =
          new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8));
      String first = r.readLine();
      for (int i = 0; i < 10 && first != null && !first.contains("listening"); i++) {
        first = r.readLine();
      }
      assertTrue(first != null && first.contains("listening"), "the stream is open: " + first);
      CompletableFuture<String> row =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  for (String l = r.readLine(); l != null; l = r.readLine()) {
                    if (l.startsWith("data:") && l.contains(mac)) {
                      return l;
                    }
                  }
                  return null;
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      String file = "pxelinux.cfg/01-" + mac.replace(':', '-');
      long sent = System.nanoTime();
      Process curl =
          new ProcessBuilder(
                  "curl",
                  "-sS",
                  "-o",
                  "/dev/null",
                  "tftp://127.0.0.1:" + tftp.server().orElseThrow().port() + "/" + file)
              .redirectErrorStream(true)
              .start();
      assertTrue(curl.waitFor(30, TimeUnit.SECONDS), "curl tftp did not finish");
      String got = row.get(10, TimeUnit.SECONDS);
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
      assertTrue(got != null && got.contains("<tr") && got.contains("TFTP"), got);
      assertTrue(ms < 1_000 + 500, "the row arrived " + ms + " ms after the fetch began");
    } finally {
      c.disconnect();
    }
  }

  @Test
  void theStreamNeedsALogin() throws Exception {
    HttpURLConnection c = (HttpURLConnection) stream.openConnection();
    c.setInstanceFollowRedirects(false);
    assertTrue(c.getResponseCode() == 303, "got " + c.getResponseCode());
    c.disconnect();
  }
}
