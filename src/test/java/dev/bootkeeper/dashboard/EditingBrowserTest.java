package dev.bootkeeper.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.bootkeeper.store.Host;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Editing through the dashboard alone, in headless Chromium: a host is added, edited on its page
 * and deleted after the browser's confirmation; the profile editor warns, as the admin types, of a
 * kernel the images directory does not hold.
 */
@QuarkusTest
class EditingBrowserTest {

  @TestHTTPResource("/")
  URL base;

  private WebDriver driver;
  private WebDriverWait wait;
  private Path profileDir;

  @BeforeEach
  void startBrowser() throws IOException {
    if (!Files.isExecutable(DashboardBrowserTest.CHROMIUM)
        || !Files.isExecutable(DashboardBrowserTest.CHROMEDRIVER)) {
      fail(
          "browser tests need Debian's Chromium and its driver: apt-get install -y chromium chromium-driver");
    }
    profileDir = Files.createTempDirectory("bootkeeper-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(DashboardBrowserTest.CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1440,1000",
        "--user-data-dir=" + profileDir);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DashboardBrowserTest.CHROMEDRIVER.toFile())
            .build();
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
  void addEditAndDeleteAHostThenSeeTheMissingKernelWarning() {
    String mac = DashboardTestSupport.uniqueMac();
    logIn();

    driver.get(url("/hosts"));
    driver.findElement(By.id("add-host")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("host-form")));
    driver.findElement(By.name("mac")).sendKeys(mac);
    driver.findElement(By.name("hostname")).sendKeys("web-1");
    driver.findElement(By.name("labels")).sendKeys("rack=a1\nrole=web");
    driver.findElement(By.name("ip")).sendKeys("198.18.200.1");
    driver.findElement(By.id("save-host")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.className("flash"), "Added"));
    assertTrue(driver.getCurrentUrl().endsWith("/hosts/" + mac), driver.getCurrentUrl());

    driver.findElement(By.cssSelector("#host-edit summary")).click();
    WebElement hostname = driver.findElement(By.cssSelector("#host-edit input[name=hostname]"));
    hostname.clear();
    hostname.sendKeys("web-2");
    driver.findElement(By.cssSelector("#host-edit textarea[name=notes]")).sendKeys("bay 4");
    driver.findElement(By.cssSelector("#host-edit #save-host")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.className("flash"), "Saved"));
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              Host h = Host.byMac(mac).orElseThrow();
              assertEquals("web-2", h.hostname);
              assertEquals("bay 4", h.notes);
              assertEquals(Map.of("rack", "a1", "role", "web"), Map.copyOf(h.labels));
            });

    driver.findElement(By.cssSelector("#delete-host button")).click();
    wait.until(ExpectedConditions.alertIsPresent());
    assertTrue(driver.switchTo().alert().getText().contains("Delete the host " + mac));
    driver.switchTo().alert().accept();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.className("flash"), "Deleted"));
    QuarkusTransaction.requiringNew().run(() -> assertTrue(Host.byMac(mac).isEmpty()));

    driver.get(url("/profiles/new"));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("profile-form")));
    driver.findElement(By.name("name")).sendKeys("typo-kernel");
    driver.findElement(By.name("kernel")).sendKeys("systemrescue-11.2/vmlinuz");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("missing-files"),
            "The kernel systemrescue-11.2/vmlinuz is not in the images directory."));
  }

  private void logIn() {
    driver.get(url("/hosts"));
    wait.until(ExpectedConditions.urlContains("/login"));
    driver.findElement(By.name("username")).sendKeys("admin");
    driver.findElement(By.name("password")).sendKeys(DashboardTestSupport.ADMIN_PASSWORD);
    driver.findElement(By.cssSelector("button[type=submit]")).click();
    wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Hosts"));
  }

  private String url(String path) {
    String b = base.toString();
    return (b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path;
  }
}
