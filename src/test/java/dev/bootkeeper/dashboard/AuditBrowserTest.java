package dev.bootkeeper.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An admin in a real browser makes a read-only API token on the Settings page, then finds that
 * change on the Audit page through the menu and its filters.
 */
@QuarkusTest
class AuditBrowserTest {

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
          "browser tests need Debian's Chromium and its driver: apt-get install -y chromium"
              + " chromium-driver");
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
    driver =
        new ChromeDriver(
            new ChromeDriverService.Builder()
                .usingDriverExecutable(DashboardBrowserTest.CHROMEDRIVER.toFile())
                .build(),
            options);
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

  private String url(String path) {
    return base.toString().replaceAll("/$", "") + path;
  }

  @Test
  void aTokenMadeOnSettingsShowsUpOnTheAuditPage() throws IOException {
    String name = DashboardTestSupport.unique("browser-ro");
    driver.get(url("/settings"));
    wait.until(ExpectedConditions.urlContains("/login"));
    driver.findElement(By.name("username")).sendKeys("admin");
    driver.findElement(By.name("password")).sendKeys(DashboardTestSupport.ADMIN_PASSWORD);
    driver.findElement(By.cssSelector("button[type=submit]")).click();
    wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Settings"));

    WebElement form = driver.findElement(By.cssSelector("form[action='/settings/tokens']"));
    form.findElement(By.name("name")).sendKeys(name);
    assertEquals(
        "read-only",
        new Select(form.findElement(By.name("scope"))).getFirstSelectedOption().getText(),
        "the least powerful scope is the default choice");
    form.findElement(By.cssSelector("button[type=submit]")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("new-token")));

    driver.findElement(By.linkText("Audit")).click();
    wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Audit log"));
    new Select(driver.findElement(By.name("entity"))).selectByVisibleText("token");
    driver.findElement(By.name("id")).sendKeys(name);
    driver.findElement(By.cssSelector("form.filters button[type=submit]")).click();
    wait.until(ExpectedConditions.textToBe(By.id("audit-total"), "1 entry"));
    List<WebElement> cells = driver.findElements(By.cssSelector("#audit-rows tbody tr td"));
    String row = cells.stream().map(WebElement::getText).reduce("", (a, b) -> a + " | " + b);
    assertTrue(
        row.contains("admin")
            && row.contains("create")
            && row.contains(name)
            && row.contains("scope=read-only"),
        row);
    Path shots = Path.of("target/screenshots");
    Files.createDirectories(shots);
    Files.write(
        shots.resolve("audit.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
  }
}
