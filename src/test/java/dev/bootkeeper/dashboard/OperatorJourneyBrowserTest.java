package dev.bootkeeper.dashboard;

import static dev.bootkeeper.dashboard.DashboardTestSupport.admin;
import static dev.bootkeeper.dashboard.DashboardTestSupport.unique;
import static dev.bootkeeper.dashboard.DashboardTestSupport.uniqueMac;
import static dev.bootkeeper.dashboard.DashboardTestSupport.viewer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.api.ApiTestSupport;
import dev.bootkeeper.boot.BootEventRecorder;
import dev.bootkeeper.boot.HostSightings;
import dev.bootkeeper.store.Host;
import dev.bootkeeper.store.Profile;
import dev.bootkeeper.tftp.TftpStartup;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.RandomAccessFile;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator's journey in a real Chromium, against real protocol traffic: tftp-hpa fetches from
 * Bootkeeper's own TFTP server (DHCP off, as behind another DHCP server), never events published
 * from the test thread. Also every page at phone (390 px) and tablet (768 px) width, a viewer's
 * pages, and the host list's bulk changes.
 */
@QuarkusTest
class OperatorJourneyBrowserTest {

  static final Path IMAGES = Path.of("target/test-images");

  /** The phone screenshots the README shows; the others stay under target/screenshots. */
  static final List<String> README_SHOTS = List.of("phone-hosts", "phone-host-detail");

  static final Path PHONE_SHOTS = Path.of("target/screenshots");

  @TestHTTPResource("/")
  URL base;

  @Inject TftpStartup tftp;
  @Inject BootEventRecorder recorder;
  @Inject HostSightings sightings;

  /** Fetches one file from Bootkeeper's TFTP server with tftp-hpa, as a PXE client would. */
  void tftpGet(String file) throws Exception {
    Path out = Files.createTempFile("bk-journey-", ".bin");
    try {
      Process p =
          new ProcessBuilder(
                  "tftp",
                  "127.0.0.1",
                  String.valueOf(tftp.server().orElseThrow().port()),
                  "-m",
                  "binary",
                  "-c",
                  "get",
                  file,
                  out.toString())
              .redirectErrorStream(true)
              .start();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "tftp-hpa did not finish: " + file);
      String said = new String(p.getInputStream().readAllBytes()).trim();
      assertEquals("", said, "tftp-hpa reported a problem fetching " + file);
    } finally {
      Files.deleteIfExists(out);
    }
  }

  @Test
  void aRealTftpFetchAppearsInLiveEventsWithinASecond() throws Exception {
    String mac = uniqueMac();
    try (Chromium b = new Chromium(base).as(admin())) {
      b.open("/events");
      b.wait.until(ExpectedConditions.textToBe(By.id("live-state"), "live"));
      // The page notes when the row arrives, by the same clock as this test (one machine).
      b.js(
          "window.bkArrived = 0; const rows = document.getElementById('event-rows');"
              + " new MutationObserver(() => { if (!window.bkArrived"
              + " && rows.textContent.includes(arguments[0])) { window.bkArrived = Date.now(); } })"
              + ".observe(rows, {childList: true});",
          mac);
      tftpGet("pxelinux.cfg/01-" + mac.replace(':', '-'));
      long fetched = System.currentTimeMillis();
      new WebDriverWait(b.driver, Duration.ofSeconds(5))
          .pollingEvery(Duration.ofMillis(50))
          .until(d -> b.number("return window.bkArrived") > 0);
      long ms = b.number("return window.bkArrived") - fetched;
      assertTrue(ms <= 1000, "the row arrived " + ms + " ms after tftp-hpa finished");
      assertTrue(
          b.driver.findElement(By.cssSelector("#event-rows tr")).getText().contains("TFTP"),
          "the newest row, on top, is the TFTP transfer");
    }
  }

  /**
   * DHCP off: the machine is known only by what it fetches. The config names its MAC; the kernel
   * and initrd that follow from the same address are filed under it too, and its page says it
   * booted. An unknown MAC doing the same becomes a discovered host.
   */
  @Test
  void aBootWithDhcpOffIsAttributedDiagnosedAndDiscovered() throws Exception {
    String folder = unique("journey");
    Path dir = Files.createDirectories(IMAGES.resolve(folder));
    Files.write(dir.resolve("vmlinuz"), new byte[70_000]);
    Files.write(dir.resolve("initrd.img"), new byte[90_000]);
    String profile = unique("journey-linux");
    ApiTestSupport.admin()
        .body(
            Map.of(
                "name",
                profile,
                "kind",
                "linux",
                "kernel",
                folder + "/vmlinuz",
                "initrd",
                List.of(folder + "/initrd.img")))
        .post("/api/v1/profiles")
        .then()
        .statusCode(201);
    String known = uniqueMac();
    ApiTestSupport.admin()
        .body(Map.of("hostname", unique("journey"), "profile", profile))
        .put("/api/v1/hosts/" + known)
        .then()
        .statusCode(201);
    String stranger = uniqueMac();

    for (String mac : List.of(known, stranger)) {
      tftpGet("pxelinux.cfg/01-" + mac.replace(':', '-'));
      tftpGet(folder + "/vmlinuz");
      tftpGet(folder + "/initrd.img");
      recorder.awaitStored(Duration.ofSeconds(10));
    }
    assertTrue(sightings.awaitWritten(Duration.ofSeconds(10)), "sightings written");

    try (Chromium b = new Chromium(base).as(admin())) {
      b.open("/hosts/" + known);
      String timeline = b.driver.findElement(By.id("timeline")).getText();
      assertTrue(timeline.contains("pxelinux.cfg/01-" + known.replace(':', '-')), timeline);
      assertTrue(timeline.contains(folder + "/vmlinuz"), timeline);
      assertTrue(timeline.contains(folder + "/initrd.img"), timeline);
      WebElement diagnosis = b.driver.findElement(By.cssSelector(".diagnosis .headline"));
      assertTrue(diagnosis.getText().startsWith("Booted"), diagnosis.getText());

      b.open("/events?host=" + known);
      String rows = b.driver.findElement(By.id("event-rows")).getText();
      assertTrue(
          rows.contains(folder + "/vmlinuz") && rows.contains(folder + "/initrd.img"),
          "the kernel and initrd are filed under " + known + ": " + rows);

      b.open("/hosts");
      String discovered = b.driver.findElement(By.id("discovered")).getText();
      assertTrue(discovered.contains(stranger), "discovered: " + discovered);
      b.open("/hosts/" + stranger);
      String strangerTimeline = b.driver.findElement(By.id("timeline")).getText();
      assertTrue(strangerTimeline.contains(folder + "/initrd.img"), strangerTimeline);
    }
  }

  /**
   * What a viewer may press: the menu, tabs, log out, and the buttons of search forms. A form whose
   * fields sit in a disabled fieldset (the profile editor, read-only for a viewer) offers nothing.
   */
  @Test
  void aViewerSeesNoAdminControlOnAnyPage() throws Exception {
    String mac = uniqueMac();
    ApiTestSupport.admin()
        .body(Map.of("hostname", unique("viewed")))
        .put("/api/v1/hosts/" + mac)
        .then()
        .statusCode(201);
    try (Chromium b = new Chromium(base).as(viewer())) {
      for (String page : pages(mac)) {
        b.open(page);
        assertFalse(
            b.driver.getCurrentUrl().contains("/login"), page + " sent the viewer to login");
        @SuppressWarnings("unchecked")
        List<String> controls =
            (List<String>)
                b.js(
                    "return Array.from(document.querySelectorAll("
                        + "'button, input[type=submit], input[type=file], textarea,"
                        + " [hx-post]:not(form), [hx-put], [hx-delete]'))"
                        + ".filter(e => !e.closest('form[method=get]'))"
                        + ".filter(e => e.id !== 'menu-toggle' && !e.hasAttribute('data-tab'))"
                        + ".filter(e => !e.closest('form[action=\"/logout\"]'))"
                        + ".filter(e => !e.disabled && !e.closest('fieldset:disabled'))"
                        + ".map(e => e.outerHTML.slice(0, 120))");
        assertEquals(List.of(), controls, "admin controls a viewer sees on " + page);
      }
    }
  }

  /**
   * Every page at 390 and 768 px: nothing scrolls sideways, the sidebar is a top bar with a menu,
   * and the Wake button sits clear of the MAC. The 390 px screenshots go with the others.
   */
  @Test
  void everyPageFitsAPhoneAndATabletWithoutScrollingSideways() throws Exception {
    String mac = seedWideRows();
    try (Chromium b = new Chromium(base).as(admin())) {
      for (int width : new int[] {390, 768}) {
        b.viewport(width, 844);
        for (String page : adminPages(mac)) {
          b.open(page);
          long scroll = b.number("return document.documentElement.scrollWidth");
          long viewport = b.number("return document.documentElement.clientWidth");
          assertTrue(
              scroll <= viewport,
              page + " at " + width + " px scrolls sideways: " + scroll + " > " + viewport);
          if (width == 390) {
            String name = "phone-" + shotName(page);
            b.shot(README_SHOTS.contains(name) ? DashboardBrowserTest.SHOTS : PHONE_SHOTS, name);
            b.viewport(width, 844);
          }
        }
      }

      b.viewport(390, 844);
      b.open("/hosts?q=" + mac);
      WebElement nav = b.driver.findElement(By.cssSelector(".sidebar nav"));
      assertFalse(nav.isDisplayed(), "the menu is folded at phone width");
      b.driver.findElement(By.id("menu-toggle")).click();
      assertTrue(nav.isDisplayed(), "the menu button opens it");
      Rectangle macCell =
          b.driver.findElement(By.cssSelector("table.hosts tbody a.mono")).getRect();
      Rectangle wake =
          b.driver.findElement(By.cssSelector("table.hosts tbody button[hx-post]")).getRect();
      assertTrue(
          wake.getX() >= macCell.getX() + macCell.getWidth(),
          "Wake (" + wake + ") overlaps the MAC (" + macCell + ")");
    }
  }

  /**
   * "Select all matching" acts on the filter across pages; the confirmation names the count; the
   * bar is neutral again after applying.
   */
  @Test
  void bulkChangeOfEveryHostMatchingTwoLabelsAcrossPages() throws Exception {
    String batch = unique("batch");
    List<String> macs = new ArrayList<>();
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              for (int i = 0; i < 62; i++) {
                Host h = new Host();
                h.mac = uniqueMac();
                h.hostname = batch + "-" + i;
                h.labels.putAll(Map.of("batch", batch, "half", i % 2 == 0 ? "even" : "odd"));
                h.labels.put("set", "x");
                h.persist();
                macs.add(h.mac);
              }
            });
    // Two labels at once: 62 hosts carry the batch, 31 of them are "even" but one more host,
    // outside the batch, is "even" too and must stay untouched.
    String outsider = uniqueMac();
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              Host h = new Host();
              h.mac = outsider;
              h.labels.put("half", "even");
              h.persist();
            });
    try (Chromium b = new Chromium(base).as(admin())) {
      b.open("/hosts?label=batch%3D" + batch + ",%20set%3Dx&sort=-hostname");
      assertTrue(
          b.driver.findElement(By.className("pager")).getText().contains("of 62"),
          b.driver.findElement(By.className("pager")).getText());
      assertEquals(
          batch + "-9",
          b.driver
              .findElements(By.cssSelector("table.hosts tbody tr td:nth-child(3)"))
              .get(0)
              .getText(),
          "sorted by hostname, descending");
      b.open("/hosts?label=batch%3D" + batch + "&label=half%3Deven");
      WebElement apply = b.driver.findElement(By.id("bulk-apply"));
      assertFalse(apply.isEnabled(), "nothing selected: not ready to fire");
      b.driver.findElement(By.id("all-matching")).click();
      new Select(b.driver.findElement(By.id("bulk-action"))).selectByValue("next-boot");
      assertFalse(apply.isEnabled(), "no profile chosen yet");
      new Select(b.driver.findElement(By.id("bulk-profile"))).selectByVisibleText("local-disk");
      assertTrue(apply.isEnabled());
      assertEquals("Apply to 31 hosts", apply.getText());
      apply.click();
      String question = b.wait.until(ExpectedConditions.alertIsPresent()).getText();
      assertTrue(question.contains("31 hosts"), question);
      b.driver.switchTo().alert().accept();
      b.wait.until(
          ExpectedConditions.textToBePresentInElementLocated(
              By.className("flash"), "31 hosts boot profile 'local-disk' once"));
      assertEquals(
          "",
          new Select(b.driver.findElement(By.id("bulk-action")))
              .getFirstSelectedOption()
              .getAttribute("value"));
      assertFalse(b.driver.findElement(By.id("bulk-apply")).isEnabled(), "neutral after applying");
      assertFalse(b.driver.findElement(By.id("all-matching")).isSelected());
    }
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              for (int i = 0; i < macs.size(); i++) {
                Profile next = Host.byMac(macs.get(i)).orElseThrow().nextBootProfile;
                assertEquals(
                    i % 2 == 0 ? "local-disk" : null, next == null ? null : next.name, macs.get(i));
              }
              assertEquals(null, Host.byMac(outsider).orElseThrow().nextBootProfile);
            });
  }

  /** A file over the limit is refused before a byte is sent; a started upload can be cancelled. */
  @Test
  void anUploadOverTheLimitIsRefusedInTheBrowserAndOneInProgressCanBeCancelled() throws Exception {
    String folder = unique("upl");
    Path big = Files.createTempFile("bk-too-big-", ".iso");
    try (Chromium b = new Chromium(base).as(admin())) {
      // Sparse: 65 MiB of nothing on disk, over the test profile's 64 MiB request limit.
      try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
        f.setLength(65L << 20);
      }
      b.open("/library");
      b.driver.findElement(By.id("upload-path")).sendKeys(folder + "/big.iso");
      b.driver.findElement(By.id("upload-file")).sendKeys(big.toAbsolutePath().toString());
      WebElement result = b.driver.findElement(By.id("upload-result"));
      b.wait.until(ExpectedConditions.textToBePresentInElement(result, "larger than the limit"));
      b.driver.findElement(By.id("upload-start")).click();
      assertTrue(result.getText().contains("It was not sent"), result.getText());
      assertTrue(
          b.driver.findElement(By.id("upload-progress")).getAttribute("class").contains("hidden"),
          "no transfer started");

      // Just under the limit, sent slowly (Chromium throttles the upload) and cancelled.
      try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
        f.setLength(60L << 20);
      }
      org.openqa.selenium.chromium.ChromiumNetworkConditions slow =
          new org.openqa.selenium.chromium.ChromiumNetworkConditions();
      slow.setUploadThroughput(256 * 1024);
      slow.setDownloadThroughput(10 << 20);
      slow.setLatency(Duration.ofMillis(5));
      b.driver.setNetworkConditions(slow);
      b.open("/library");
      b.driver.findElement(By.id("upload-path")).sendKeys(folder + "/slow.iso");
      b.driver.findElement(By.id("upload-file")).sendKeys(big.toAbsolutePath().toString());
      b.driver.findElement(By.id("upload-start")).click();
      WebElement cancel = b.driver.findElement(By.id("upload-cancel"));
      b.wait.until(ExpectedConditions.visibilityOf(cancel));
      b.wait.until(
          ExpectedConditions.textMatches(
              By.id("upload-text"), java.util.regex.Pattern.compile("[1-9]\\d* %.*")));
      cancel.click();
      b.wait.until(
          ExpectedConditions.textToBePresentInElementLocated(By.id("upload-result"), "cancelled"));
      b.driver.deleteNetworkConditions();
    } finally {
      Files.deleteIfExists(big);
    }
    // The server drops the partial file: no temporary file, no destination (bounded wait).
    Path dir = IMAGES.resolve(folder);
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    List<String> left = List.of("?");
    while (System.nanoTime() < deadline) {
      left = Files.exists(dir) ? listNames(dir) : List.of();
      if (left.isEmpty()) {
        break;
      }
      Thread.sleep(200);
    }
    assertEquals(List.of(), left, "what a cancelled upload left in " + dir);
  }

  private static List<String> listNames(Path dir) throws java.io.IOException {
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).toList();
    }
  }

  static List<String> pages(String mac) {
    return List.of(
        "/",
        "/hosts",
        "/hosts/" + mac,
        "/profiles",
        "/profiles/local-disk",
        "/profiles/new",
        "/library",
        "/events",
        "/leases",
        "/settings");
  }

  /** Every page, with those only admins open: adding, import and export, the audit log. */
  static List<String> adminPages(String mac) {
    List<String> all = new java.util.ArrayList<>(pages(mac));
    all.addAll(List.of("/hosts/new", "/inventory", "/audit"));
    return all;
  }

  private static String shotName(String page) {
    if (page.equals("/")) {
      return "overview";
    }
    if (page.startsWith("/hosts/")) {
      return "host-detail";
    }
    return page.substring(1).replace('/', '-');
  }

  /** A host with long labels and boot events with long details: the widest rows the pages show. */
  private String seedWideRows() throws Exception {
    String mac = uniqueMac();
    ApiTestSupport.admin()
        .body(
            Map.of(
                "hostname",
                "a-rather-long-hostname-" + unique("w") + ".rack-a1.lab.example.org",
                "labels",
                Map.of(
                    "site", "lab", "rack", "a1", "role", "kubernetes-worker", "owner", "platform")))
        .put("/api/v1/hosts/" + mac)
        .then()
        .statusCode(201);
    QuarkusTransaction.requiringNew()
        .run(() -> Host.byMac(mac).orElseThrow().lastSeen = OffsetDateTime.now().minusMinutes(3));
    tftpGet("pxelinux.cfg/01-" + mac.replace(':', '-'));
    recorder.awaitStored(Duration.ofSeconds(10));
    return mac;
  }
}
