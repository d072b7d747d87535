package dev.bootkeeper.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.dashboard.Chromium;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The DHCP mode chosen on the Settings page is applied at once, without a restart: the packaged
 * appliance, started with DHCP off in a private network, is switched to proxy in Chromium and then
 * answers a real PXE DISCOVER (busybox udhcpc with the PXE vendor class); switched back to Off, it
 * answers no more. The browser reaches the appliance's HTTP port through a {@link NamespacePort}.
 */
class DhcpModeFromSettingsIT {

  static final String PASSWORD = "settings-it-password";
  static final String PXE_VENDOR_CLASS = "PXEClient:Arch:00000:UNDI:002001";

  @Test
  void proxyChosenInSettingsAnswersAPxeDiscoverAtOnceAndOffStopsIt() throws Exception {
    Shell.require("/usr/sbin/udhcpc", "udhcpc");
    Path dir = Files.createTempDirectory("bk-dhcp-settings-");
    try (BootLan lan = BootLan.create("dset", 14)) {
      lan.addServer("cli0", lan.address(50));
      Map<String, String> props = new LinkedHashMap<>();
      props.put("bootkeeper.server-address", lan.server());
      props.put("bootkeeper.dhcp.mode", "off");
      props.put("bootkeeper.dhcp.interface", "bk0");
      props.put("bootkeeper.admin.password", PASSWORD);
      props.put("bootkeeper.install-bootloaders", "false");
      try (Appliance appliance =
              Appliance.start(dir, props, List.of("ip", "netns", "exec", lan.appliance));
          NamespacePort web = new NamespacePort(lan.appliance, appliance.httpPort());
          Chromium browser = new Chromium(new URL("http://127.0.0.1:" + web.port() + "/"))) {
        assertFalse(answered(discover(lan), lan), "DHCP is off at start");

        browser.open("/login");
        browser.driver.findElement(By.name("username")).sendKeys("admin");
        browser.driver.findElement(By.name("password")).sendKeys(PASSWORD);
        browser.driver.findElement(By.cssSelector("button[type=submit]")).click();
        browser.wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Overview"));

        choose(browser, "proxy");
        String offered = discover(lan);
        assertTrue(answered(offered, lan), "proxyDHCP did not answer:\n" + offered);

        choose(browser, "off");
        String silent = discover(lan);
        assertFalse(answered(silent, lan), "DHCP still answers after Off:\n" + silent);
      }
    } finally {
      try (Stream<Path> all = Files.walk(dir)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Picks a mode on the Settings page and saves; returns once the page says it is in force. */
  private static void choose(Chromium browser, String mode) {
    browser.open("/settings");
    browser
        .driver
        .findElement(By.cssSelector("#dhcp-form input[name=mode][value=" + mode + "]"))
        .click();
    browser.driver.findElement(By.cssSelector("#dhcp-form button[type=submit]")).click();
    browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.className("flash")));
    browser.open("/settings");
    String legend = browser.driver.findElement(By.cssSelector("#dhcp-form legend")).getText();
    assertTrue(legend.contains("in force: " + mode), legend);
  }

  /**
   * One PXE DISCOVER from the client's interface, as busybox udhcpc sends it with the PXE vendor
   * class (option 60) and architecture (option 93); its log says whom it heard from. Two tries of
   * one second each.
   */
  private static String discover(BootLan lan) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "/usr/sbin/udhcpc",
                "-i",
                "cli0",
                "-f",
                "-q",
                "-n",
                "-t",
                "2",
                "-T",
                "1",
                "-V",
                PXE_VENDOR_CLASS,
                // Option 93, client architecture 0 (BIOS): a proxy answers only firmware that
                // says what it is (RFC 4578).
                "-x",
                "0x5d:0000",
                "-s",
                "/bin/true"));
    Process p = new ProcessBuilder(lan.inLan(cmd)).redirectErrorStream(true).start();
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    return new String(p.getInputStream().readAllBytes());
  }

  /** udhcpc names the server whose offer it took ("select for ..., server 198.18.14.1"). */
  private static boolean answered(String udhcpc, BootLan lan) {
    return udhcpc.contains("server " + lan.server());
  }
}
