package dev.bootkeeper.dashboard;

import static org.junit.jupiter.api.Assertions.fail;

import dev.bootkeeper.dashboard.auth.Sessions;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Debian Chromium driven through its chromedriver, with its own throw-away profile,
 * logged in by a session cookie of {@link DashboardTestSupport} or through the login form. Closing
 * it quits the browser and deletes the profile.
 */
public final class Chromium implements AutoCloseable {

  public final ChromeDriver driver;
  public final WebDriverWait wait;
  private final Path profileDir;
  private final String base;

  public Chromium(URL base) throws IOException {
    if (!Files.isExecutable(DashboardBrowserTest.CHROMIUM)
        || !Files.isExecutable(DashboardBrowserTest.CHROMEDRIVER)) {
      fail(
          "browser tests need Debian's Chromium and its driver: apt-get install -y chromium chromium-driver");
    }
    String b = base.toString();
    this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
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
        "--disable-quic",
        "--hide-scrollbars",
        "--window-size=1440,1000",
        "--user-data-dir=" + profileDir);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DashboardBrowserTest.CHROMEDRIVER.toFile())
            .build();
    driver = new ChromeDriver(service, options);
    wait = new WebDriverWait(driver, Duration.ofSeconds(30));
  }

  /** Opens the dashboard with the session of {@code who}, without the login form. */
  Chromium as(DashboardTestSupport.Login who) {
    driver.get(url("/login"));
    driver.manage().deleteAllCookies();
    driver.manage().addCookie(new Cookie(Sessions.COOKIE, who.cookie(), "/"));
    return this;
  }

  public String url(String path) {
    return base + path;
  }

  public Chromium open(String path) {
    driver.get(url(path));
    return this;
  }

  public Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /**
   * Runs {@code action}, which makes the browser load a new document (a form post and its redirect,
   * a reload), and waits until the new document has loaded. The old page is marked before the
   * action and the wait is for a page without the mark: waiting for an old element to go stale
   * instead races chromedriver, which can answer a question about a node of a document being torn
   * down with "Node with given id does not belong to the document" rather than a stale reference.
   */
  public void awaitNewPage(Runnable action) {
    js("window.bootkeeperOldPage = true");
    action.run();
    new WebDriverWait(driver, Duration.ofSeconds(30))
        .ignoring(WebDriverException.class)
        .until(
            d ->
                Boolean.TRUE.equals(
                    js(
                        "return window.bootkeeperOldPage === undefined"
                            + " && document.readyState === 'complete'")));
  }

  long number(String script) {
    return ((Number) js(script)).longValue();
  }

  /**
   * Sets the viewport (the page's own width, not the window's) to {@code width} x {@code height}.
   */
  void viewport(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
    long inner = number("return window.innerWidth");
    if (inner != width) {
      driver.manage().window().setSize(new Dimension(width + (width - (int) inner), height));
    }
  }

  /** A screenshot of the whole page at the current width, as {@code name}.png under {@code dir}. */
  void shot(Path dir, String name) throws IOException {
    int width = (int) number("return window.innerWidth");
    int height = (int) number("return document.documentElement.scrollHeight");
    viewport(width, Math.max(700, Math.min(2600, height)));
    Files.createDirectories(dir);
    Files.write(
        dir.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> all = Files.walk(profileDir)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
