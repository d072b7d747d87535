package dev.bootkeeper.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.BootEvent.Outcome;
import dev.bootkeeper.boot.BootEvent.Protocol;
import dev.bootkeeper.boot.BootEventRecorder;
import dev.bootkeeper.boot.BootRequest;
import dev.bootkeeper.boot.BootService;
import dev.bootkeeper.boot.BootStep;
import dev.bootkeeper.boot.FailureReason;
import dev.bootkeeper.boot.MacAddress;
import dev.bootkeeper.store.Host;
import dev.bootkeeper.store.Profile;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: Debian's headless Chromium driven through its chromedriver. It
 * logs in, creates a profile from a preset, watches the live preview, assigns the profile to a
 * host, and sees a boot event arrive on the live page without a reload. It also saves the
 * screenshots of the main pages under docs/screenshots.
 */
@QuarkusTest
class DashboardBrowserTest {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  /**
   * Where the screenshots go: target/screenshots, so a test run leaves the working tree as it was;
   * {@code -Dscreenshots.update=true} writes the README's copies under docs/screenshots.
   */
  static final Path SHOTS =
      Boolean.getBoolean("screenshots.update")
          ? Path.of("docs/screenshots")
          : Path.of("target/screenshots");

  @TestHTTPResource("/")
  URL base;

  @Inject BootEventRecorder recorder;
  @Inject BootService boot;

  private WebDriver driver;
  private WebDriverWait wait;
  private Path profileDir;

  @BeforeEach
  void startBrowser() throws IOException {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      fail(
          "browser tests need Debian's Chromium and its driver: apt-get install -y chromium chromium-driver");
    }
    profileDir = Files.createTempDirectory("bootkeeper-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--window-size=1440,1000",
        "--user-data-dir=" + profileDir);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    driver = new ChromeDriver(service, options);
    wait = new WebDriverWait(driver, Duration.ofSeconds(30));
  }

  @AfterEach
  void stopBrowser() throws IOException {
    try {
      if (driver != null) {
        driver.quit();
      }
    } finally {
      if (profileDir != null) {
        try (Stream<Path> all = Files.walk(profileDir)) {
          all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  @Test
  void logInCreateAProfileFromAPresetAssignItAndWatchABootLive() throws Exception {
    String mac = seedHosts();
    String profile = "sysrescue-nbd";

    driver.get(url("/hosts"));
    wait.until(ExpectedConditions.urlContains("/login"));
    driver.findElement(By.name("username")).sendKeys("admin");
    driver.findElement(By.name("password")).sendKeys(DashboardTestSupport.ADMIN_PASSWORD);
    driver.findElement(By.cssSelector("button[type=submit]")).click();
    wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Hosts"));

    // The preset picks its image folder from those present.
    Path image = Path.of("target/test-images/sysrescue-12/sysresccd/boot");
    Files.createDirectories(image.resolve("x86_64"));
    for (String f : new String[] {"x86_64/vmlinuz", "x86_64/sysresccd.img", "intel_ucode.img"}) {
      Files.writeString(image.resolve(f), f);
    }
    Files.writeString(image.resolve("amd_ucode.img"), "amd_ucode.img");
    driver.get(url("/library"));
    driver.findElement(By.cssSelector("form[action='/library'] button[type=submit]")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.className("flash")));

    driver.get(url("/profiles"));
    driver.findElement(By.cssSelector("a[data-preset='systemrescue-nbd']")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("preset-form")));
    driver.findElement(By.name("name")).sendKeys(profile);
    new Select(driver.findElement(By.name("image"))).selectByVisibleText("sysrescue-12");
    driver.findElement(By.cssSelector("#preset-form button[type=submit]")).click();
    wait.until(ExpectedConditions.urlContains("/profiles/" + profile));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("preview"), "archiso_nbd_srv"));

    // The preview follows the editor without a save.
    driver.findElement(By.name("cmdline")).sendKeys(" console=ttyS0,115200");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("preview"), "console=ttyS0,115200"));
    shot("profile-edit");

    driver.get(url("/hosts?q=" + mac));
    driver.findElement(By.cssSelector("input[name=mac][value='" + mac + "']")).click();
    new Select(driver.findElement(By.cssSelector("#bulk select[name=action]")))
        .selectByValue("profile");
    new Select(driver.findElement(By.cssSelector("#bulk select[name=profile]")))
        .selectByVisibleText(profile);
    driver.findElement(By.id("bulk-apply")).click();
    String question = wait.until(ExpectedConditions.alertIsPresent()).getText();
    assertTrue(question.contains("1 host"), "the confirmation names the count: " + question);
    driver.switchTo().alert().accept();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.className("flash"), "1 host now boot profile"));
    QuarkusTransaction.requiringNew()
        .run(() -> assertEquals(profile, Host.byMac(mac).orElseThrow().profile.name));

    String ip = QuarkusTransaction.requiringNew().call(() -> Host.byMac(mac).orElseThrow().ip);
    bootTrace(mac, ip);
    driver.get(url("/hosts/" + mac));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.className("tl-row")));
    assertTrue(driver.getPageSource().contains("the root filesystem was never fetched"));
    shot("host-detail");

    driver.get(url("/events"));
    wait.until(ExpectedConditions.textToBe(By.id("live-state"), "live"));
    String marker = "live-" + System.nanoTime();
    recorder.publish(
        BootEvent.now(
            mac,
            ip,
            Protocol.NBD,
            BootStep.NBD_EXPORT_OPENED,
            Outcome.INFO,
            "export archiso (" + marker + ")"));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("event-rows"), marker));
    assertTrue(
        driver.findElement(By.cssSelector("#event-rows tr")).getText().contains(marker),
        "the newest event is on top");
    shot("events");

    driver.get(url("/hosts?label=site"));
    shot("hosts");
    driver.get(url("/"));
    shot("overview");
  }

  /** A dozen named machines and two that only turned up at boot; returns the MAC to work on. */
  private String seedHosts() {
    String suffix = String.format("%02x", (int) (System.nanoTime() % 200) + 20);
    String[] racks = {"a1", "a1", "a2", "b1"};
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              for (int i = 1; i <= 12; i++) {
                String m = "52:54:00:" + suffix + ":10:" + String.format("%02x", i);
                if (Host.byMac(m).isPresent()) {
                  continue;
                }
                Host h = new Host();
                h.mac = m;
                h.hostname = "node" + i + ".lab";
                h.ip = "198.18." + Integer.parseInt(suffix, 16) + "." + (20 + i);
                h.labels.putAll(Map.of("site", "lab", "rack", racks[i % racks.length]));
                h.lastSeen = i % 5 == 0 ? null : OffsetDateTime.now().minusMinutes(i * 37L);
                h.firstSeen = h.lastSeen == null ? null : h.lastSeen.minusDays(12 + i);
                if (i % 3 == 0) {
                  h.profile = Profile.byName("local-disk").orElseThrow();
                }
                if (i == 4) {
                  h.nextBootProfile = Profile.byName("local-disk").orElseThrow();
                }
                h.persist();
              }
            });
    boot.recordSeen(BootRequest.of(MacAddress.of("52:54:00:" + suffix + ":99:01")));
    boot.recordSeen(BootRequest.of(MacAddress.of("52:54:00:" + suffix + ":99:02")));
    return "52:54:00:" + suffix + ":10:01";
  }

  /** A SystemRescue boot over NBD that stops after the kernel: the diagnosis has to say so. */
  private void bootTrace(String mac, String ip) {
    Instant t = Instant.now().minusSeconds(400);
    Object[][] steps = {
      {0, Protocol.DHCP, "discover", "BIOS PXE, arch 0", Outcome.INFO},
      {
        420,
        Protocol.DHCP,
        "offer",
        "proxy, boot file pxelinux.0, next-server 198.18.0.1",
        Outcome.OK
      },
      {1650, Protocol.TFTP, "transfer-started", "pxelinux.0 (blksize 1468, tsize)", Outcome.INFO},
      {
        1710,
        Protocol.TFTP,
        "transfer-finished",
        "pxelinux.0: 42820 bytes in 58 ms (0.7 MiB/s)",
        Outcome.OK
      },
      {
        1890,
        Protocol.TFTP,
        "transfer-finished",
        "ldlinux.c32: 122308 bytes in 96 ms (1.2 MiB/s)",
        Outcome.OK
      },
      {
        2140,
        Protocol.TFTP,
        "transfer-failed",
        "not found: pxelinux.cfg/00000000-0000-0000-0000-000000000000",
        Outcome.INFO
      },
      {
        2210,
        Protocol.TFTP,
        "transfer-finished",
        "pxelinux.cfg/01-" + mac.replace(':', '-') + ": 412 bytes in 4 ms",
        Outcome.OK
      },
      {
        2600,
        Protocol.TFTP,
        "transfer-finished",
        "sysrescue-12/sysresccd/boot/x86_64/vmlinuz: 12.6 MB in 2310 ms",
        Outcome.OK
      },
      {
        4980,
        Protocol.TFTP,
        "transfer-finished",
        "sysrescue-12/sysresccd/boot/intel_ucode.img: 7.1 MB in 1020 ms",
        Outcome.OK
      },
      {
        6200,
        Protocol.TFTP,
        "transfer-finished",
        "sysrescue-12/sysresccd/boot/amd_ucode.img: 70 kB in 30 ms",
        Outcome.OK
      },
      {
        6400,
        Protocol.TFTP,
        "transfer-finished",
        "sysrescue-12/sysresccd/boot/x86_64/sysresccd.img: 96 MB in 9820 ms",
        Outcome.OK
      },
    };
    for (Object[] s : steps) {
      recorder.publish(
          new BootEvent(
              t.plusMillis((Integer) s[0]),
              mac,
              ip,
              null,
              (Protocol) s[1],
              stepLabelled((String) s[2]),
              (Outcome) s[4],
              ((String) s[3]).startsWith(NOT_FOUND) ? FailureReason.NOT_FOUND : null,
              (String) s[3],
              s[1] == Protocol.TFTP || s[1] == Protocol.HTTP
                  ? BootEvent.Facts.file(((String) s[3]).replace(NOT_FOUND, "").split(": | \\(")[0])
                  : null));
    }
    recorder.awaitStored(Duration.ofSeconds(15));
  }

  private String url(String path) {
    String b = base.toString();
    return (b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path;
  }

  /** Saves a full-page screenshot under {@link #SHOTS}. */
  private void shot(String name) throws IOException {
    Object height =
        ((org.openqa.selenium.JavascriptExecutor) driver)
            .executeScript("return document.documentElement.scrollHeight");
    int h = Math.max(900, Math.min(2600, ((Number) height).intValue()));
    driver.manage().window().setSize(new Dimension(1440, h));
    byte[] png = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
    Files.createDirectories(SHOTS);
    Files.write(SHOTS.resolve(name + ".png"), png);
    driver.manage().window().setSize(new Dimension(1440, 1000));
  }

  private static final String NOT_FOUND = "not found: ";

  /** The step the seeded trace names by its label, as the boot trace shows it. */
  private static BootStep stepLabelled(String label) {
    return Arrays.stream(BootStep.values())
        .filter(st -> st.label().equals(label))
        .findFirst()
        .orElseThrow();
  }
}
