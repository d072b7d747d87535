package dev.bootkeeper.api;

import static dev.bootkeeper.api.ApiTestSupport.admin;
import static dev.bootkeeper.api.ApiTestSupport.unique;
import static dev.bootkeeper.api.ApiTestSupport.uniqueMac;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.boot.BootClient;
import dev.bootkeeper.boot.BootEventRecorder;
import dev.bootkeeper.boot.BootFile;
import dev.bootkeeper.boot.BootFiles;
import dev.bootkeeper.boot.BootProgress;
import dev.bootkeeper.boot.ClientDirectory;
import dev.bootkeeper.boot.FileLookup;
import dev.bootkeeper.boot.MacAddress;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The virtual file tree that TFTP and HTTP serve, through the real store. */
@QuarkusTest
class BootFilesTest {

  @Inject BootFiles files;
  @Inject ClientDirectory clients;
  @Inject BootEventRecorder events;
  @Inject BootProgress progress;

  static String profile(String token) {
    String name = unique("bf");
    admin()
        .body(
            Map.of(
                "name",
                name,
                "kind",
                "linux",
                "kernel",
                "k/vmlinuz",
                "initrds",
                List.of("k/initrd"),
                "cmdline",
                "token=" + token))
        .post("/api/v1/profiles")
        .then()
        .statusCode(201);
    return name;
  }

  static String text(FileLookup lookup) {
    assertInstanceOf(FileLookup.Found.class, lookup);
    BootFile f = ((FileLookup.Found) lookup).file();
    return new String(((BootFile.Rendered) f).content(), StandardCharsets.UTF_8);
  }

  BootClient client() throws Exception {
    return BootClient.at(InetAddress.getByName("198.18.0.77"));
  }

  @Test
  void theDownloadedConfigIsTheApiPreview() throws Exception {
    String mac = uniqueMac();
    admin()
        .body(Map.of("profile", profile("same")))
        .put("/api/v1/hosts/" + mac)
        .then()
        .statusCode(201);
    String preview =
        given()
            .queryParam("format", "pxelinux")
            .get("/api/v1/hosts/" + mac + "/boot")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    String served = text(files.lookup("/pxelinux.cfg/01-" + mac.replace(':', '-'), client()));
    assertEquals(preview, served);
    BootFile.Rendered r =
        (BootFile.Rendered)
            ((FileLookup.Found) files.lookup("pxelinux.cfg/01-" + mac.replace(':', '-'), client()))
                .file();
    assertEquals(preview.getBytes(StandardCharsets.UTF_8).length, r.size());
  }

  /** A new host with profile {@code regular} and a one-shot next boot of profile {@code once}. */
  static String hostWithOneShot(String regular) {
    String mac = uniqueMac();
    admin()
        .body(Map.of("profile", regular, "nextBootProfile", profile("once")))
        .put("/api/v1/hosts/" + mac)
        .then()
        .statusCode(201);
    return mac;
  }

  @Test
  void aOneShotBootIsUsedByOneBootOnly() throws Exception {
    String regular = profile("regular");
    String mac = hostWithOneShot(regular);
    String path = "pxelinux.cfg/01-" + mac.replace(':', '-');
    assertTrue(text(files.lookup(path, client())).contains("token=once"));
    // The same boot asks again (UEFI size probe, loader retries): still the one-shot profile.
    assertTrue(text(files.lookup(path, client())).contains("token=once"));
    given()
        .get("/api/v1/hosts/" + mac)
        .then()
        .body("nextBootProfile", nullValue())
        .body("profile", equalTo(regular));
    assertTrue(events.awaitStored(Duration.ofSeconds(5)));
    given()
        .queryParam("mac", mac)
        .get("/api/v1/events")
        .then()
        .body("items.step", org.hamcrest.Matchers.hasItem("next-boot-used"));
  }

  @Test
  void aOneShotBootEndsWhenItHasFetchedItsLastFile() throws Exception {
    String mac = hostWithOneShot(profile("regular"));
    MacAddress m = MacAddress.parse(mac).orElseThrow();
    String path = "pxelinux.cfg/01-" + mac.replace(':', '-');
    progress.dhcpSeen(m);
    assertTrue(text(files.lookup(path, client())).contains("token=once"));
    assertTrue(text(files.lookup(path, client())).contains("token=once"), "retry in the grace");
    progress.fileRequested(m, "k/initrd");
    // A reboot straight after the one-shot boot loaded: the host's own profile, grace or not.
    assertTrue(text(files.lookup(path, client())).contains("token=regular"));
  }

  @Test
  void grubAndIpxeNamesAndTheMacLearntFromDhcp() throws Exception {
    String mac = uniqueMac();
    admin()
        .body(Map.of("profile", profile("grubby")))
        .put("/api/v1/hosts/" + mac)
        .then()
        .statusCode(201);
    InetAddress ip = InetAddress.getByName("198.18.0.78");
    clients.remember(ip, MacAddress.of(mac));
    assertTrue(text(files.lookup("grub/grub.cfg", BootClient.at(ip))).contains("token=grubby"));
    assertTrue(
        text(files.lookup("grub/grub.cfg", BootClient.at(InetAddress.getByName("198.18.0.79"))))
            .contains("grub.cfg-01-${net_default_mac}"));
    assertTrue(
        text(files.lookup("grub/grub.cfg-01-" + mac, BootClient.at(ip))).contains("token=grubby"));
    assertTrue(text(files.lookup("boot/" + mac + ".ipxe", BootClient.at(ip))).startsWith("#!ipxe"));
    assertTrue(
        text(files.lookup("pxelinux.cfg/C612004E", BootClient.at(ip))).contains("token=grubby"));
    assertInstanceOf(
        FileLookup.Missing.class, files.lookup("pxelinux.cfg/C61200", BootClient.at(ip)));
    assertInstanceOf(
        FileLookup.Missing.class,
        files.lookup("pxelinux.cfg/b8945908-d6a6-4a61-b3ba-4c6f3dc2f2ab", BootClient.at(ip)));
  }

  @Test
  void staticFilesAndRefusals() throws Exception {
    Path root = Path.of("target/test-images");
    Files.createDirectories(root.resolve("loaders"));
    Files.writeString(root.resolve("loaders/pxelinux.0"), "NBP");
    FileLookup found = files.lookup("/loaders/pxelinux.0", client());
    assertEquals(3, ((FileLookup.Found) found).file().size());
    assertInstanceOf(FileLookup.Refused.class, files.lookup("../pom.xml", client()));
    assertInstanceOf(FileLookup.Missing.class, files.lookup("loaders/none", client()));
  }
}
