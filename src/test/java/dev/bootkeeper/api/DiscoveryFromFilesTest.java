package dev.bootkeeper.api;

import static dev.bootkeeper.api.ApiTestSupport.admin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.boot.BootEventRecorder;
import dev.bootkeeper.boot.HostSightings;
import dev.bootkeeper.tftp.TftpStartup;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Behind another DHCP server (Bootkeeper's DHCP off, no proxy), a machine is known only by the
 * files it fetches: a pxelinux asking for its {@code 01-<mac>} config over TFTP or HTTP becomes a
 * discovered host with a "last seen", as it would from DHCP.
 */
@QuarkusTest
class DiscoveryFromFilesTest {

  static final AtomicInteger SEQ = new AtomicInteger();

  @Inject TftpStartup tftp;
  @Inject BootEventRecorder recorder;
  @Inject HostSightings sightings;

  @TestHTTPResource("/images/")
  URL images;

  static String unknownMac() {
    int n = (int) (System.nanoTime() % 60000) * 16 + SEQ.incrementAndGet();
    return String.format("02:d1:5c:%02x:%02x:%02x", (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
  }

  static void fetch(String url) throws Exception {
    Process curl =
        new ProcessBuilder("curl", "-sS", "-o", "/dev/null", url).redirectErrorStream(true).start();
    assertTrue(curl.waitFor(30, TimeUnit.SECONDS), "curl did not finish: " + url);
  }

  @Test
  void anUnknownMacFetchingItsConfigOverTftpBecomesADiscoveredHost() throws Exception {
    String mac = unknownMac();
    admin().get("/api/v1/hosts/" + mac).then().statusCode(404);
    fetch(
        "tftp://127.0.0.1:"
            + tftp.server().orElseThrow().port()
            + "/pxelinux.cfg/01-"
            + mac.replace(':', '-'));
    assertTrue(sightings.awaitWritten(Duration.ofSeconds(10)), "sightings written");
    admin()
        .get("/api/v1/hosts/" + mac)
        .then()
        .statusCode(200)
        .body("discovered", equalTo(true))
        .body("lastSeen", notNullValue());
  }

  /**
   * The kernel and initrd carry no MAC; fetched from the address that just asked for its {@code
   * 01-<mac>} config, they are filed under that machine.
   */
  @Test
  void theKernelAndInitrdAfterTheConfigAreFiledUnderItsMac() throws Exception {
    String mac = unknownMac();
    Path dir = Path.of("target/test-images/discovery");
    Files.createDirectories(dir);
    Files.write(dir.resolve("vmlinuz"), new byte[4096]);
    Files.write(dir.resolve("initrd.img"), new byte[4096]);
    String base = "tftp://127.0.0.1:" + tftp.server().orElseThrow().port() + "/";
    fetch(base + "pxelinux.cfg/01-" + mac.replace(':', '-'));
    fetch(base + "discovery/vmlinuz");
    fetch(base + "discovery/initrd.img");
    recorder.awaitStored(Duration.ofSeconds(10));
    List<String> files =
        admin()
            .queryParam("mac", mac)
            .get("/api/v1/events")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("items.file", String.class);
    assertTrue(
        files.contains("discovery/vmlinuz") && files.contains("discovery/initrd.img"),
        "the kernel and initrd are under " + mac + ": " + files);
  }

  @Test
  void anUnknownMacFetchingItsConfigOverHttpBecomesADiscoveredHost() throws Exception {
    String mac = unknownMac();
    fetch(images + "pxelinux.cfg/01-" + mac.replace(':', '-'));
    assertTrue(sightings.awaitWritten(Duration.ofSeconds(10)), "sightings written");
    admin()
        .get("/api/v1/hosts/" + mac)
        .then()
        .statusCode(200)
        .body("discovered", equalTo(true))
        .body("lastSeen", notNullValue());
  }
}
