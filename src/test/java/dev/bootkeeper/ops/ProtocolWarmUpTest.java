package dev.bootkeeper.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.BootEventRecorder;
import dev.bootkeeper.httpboot.HttpBootStats;
import dev.bootkeeper.store.BootEventEntity;
import dev.bootkeeper.store.Host;
import dev.bootkeeper.tftp.TftpStartup;
import dev.bootkeeper.tftp.TftpStats;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The warm-up before "ready" goes through the real NBD, TFTP and HTTP servers, and none of its
 * requests becomes a boot event, not even the summary of its repeated answers a second later; a
 * request from the same address after the warm-up is one. The rehearsal of recording writes boot
 * events and hosts through the real writers' statements and leaves none of them in the store.
 */
@QuarkusTest
@TestProfile(ProtocolWarmUpTest.WarmUpOn.class)
class ProtocolWarmUpTest {

  static final Path IMAGES = Path.of("target/warm-up-test-images");

  public static class WarmUpOn implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "bootkeeper.warm-up.max-per-protocol", "20s", "bootkeeper.images-dir", IMAGES.toString());
    }
  }

  @Inject ProtocolWarmUp warmUp;
  @Inject BootEventRecorder recorder;
  @Inject HttpBootStats httpStats;
  @Inject TftpStartup tftp;

  @TestHTTPResource("/")
  URL base;

  @Test
  void theWarmUpReadsThroughTheServersAndLeavesNoBootEvent() throws Exception {
    Files.createDirectories(IMAGES.resolve("boot"));
    byte[] iso = new byte[3 << 20];
    new Random(3).nextBytes(iso);
    Files.write(IMAGES.resolve("sysresccd.iso"), iso);
    Files.writeString(IMAGES.resolve("boot/menu.cfg"), "menu\n");
    List<BootEvent> seen = new CopyOnWriteArrayList<>();
    Consumer<BootEvent> listener = seen::add;
    recorder.addListener(listener);
    try {
      long httpBytesBefore = httpStats.bytes();
      TftpStats tftpStats = tftp.server().orElseThrow().stats();
      long tftpStartedBefore = tftpStats.started();
      long tftpFailedBefore = tftpStats.failed();
      long eventRowsBefore = BootEventEntity.count();
      long hostRowsBefore = Host.count();
      ProtocolWarmUp.Summary s = warmUp.warmUp(base.getPort());
      assertTrue(s.recording().orElseThrow().events() >= 100, s.toString());
      assertTrue(s.recording().orElseThrow().sightings() >= 25, s.toString());
      assertEquals(eventRowsBefore, BootEventEntity.count(), "rehearsed boot events rolled back");
      assertEquals(hostRowsBefore, Host.count(), "rehearsed sightings rolled back");
      assertTrue(s.nbd().orElseThrow().reads() > 1000, s.toString());
      assertTrue(s.http().orElseThrow().requests() > 1000, s.toString());
      assertEquals(3, s.tftp().orElseThrow().transfers(), s.toString());
      assertTrue(s.tftp().orElseThrow().blocks() > 1000, s.toString());
      // The repeats of one answer are summed up once a second: wait for that summary's moment.
      Thread.sleep(2500);
      assertEquals(List.of(), seen, "no boot event from the warm-up");
      assertEquals(httpBytesBefore, httpStats.bytes(), "not counted as served");
      assertEquals(tftpStartedBefore, tftpStats.started(), "TFTP transfers not counted");
      assertEquals(
          tftpFailedBefore, tftpStats.failed(), "the warm-up's own stops are not failed transfers");

      RestAssured.given()
          .baseUri(base.toString())
          .get("/images/boot/menu.cfg")
          .then()
          .statusCode(200);
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (seen.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(1, seen.size(), "a request after the warm-up is a boot event: " + seen);
      assertTrue(seen.get(0).detail().contains("menu.cfg"), seen.get(0).detail());
    } finally {
      recorder.removeListener(listener);
    }
  }
}
