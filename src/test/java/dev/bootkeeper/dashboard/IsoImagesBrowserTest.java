package dev.bootkeeper.dashboard;

import static dev.bootkeeper.dashboard.DashboardTestSupport.admin;
import static dev.bootkeeper.dashboard.DashboardTestSupport.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.iso.Xorriso;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * An admin's path from an ISO to a profile, in a real Chromium: the ISO uploaded on the Images
 * page, what it is and every file its profile will fetch (in the ISO, left out, missing) shown
 * before the one click, the click with the stage 3 picked; and an ISO that does not match its
 * published checksum, offered for a profile only once accepted.
 */
@QuarkusTest
class IsoImagesBrowserTest {

  static final Path IMAGES = Path.of("target/test-images");

  @TestHTTPResource("/")
  URL base;

  @TempDir Path work;

  @Test
  void anUploadedIsoShowsWhatItsProfileFetchesAndBecomesAProfileInOneClick() throws Exception {
    Path src = work.resolve("src");
    Files.createDirectories(src.resolve("sysresccd/boot/x86_64"));
    Files.createDirectories(src.resolve("sysresccd/x86_64"));
    Files.writeString(src.resolve("sysresccd/boot/x86_64/vmlinuz"), "kernel");
    Files.writeString(src.resolve("sysresccd/boot/x86_64/sysresccd.img"), "initramfs");
    Files.writeString(src.resolve("sysresccd/boot/intel_ucode.img"), "microcode");
    Files.writeString(src.resolve("sysresccd/x86_64/airootfs.sfs"), "root filesystem");
    Path iso = Xorriso.mkisofs(src, work.resolve("upload.iso"), "RESCUE1300", "-R", "-J");
    String image = unique("browser-iso");
    try (Chromium b = new Chromium(base).as(admin())) {
      b.open("/library");
      b.driver.findElement(By.id("upload-path")).sendKeys(image + ".iso");
      b.driver.findElement(By.id("upload-file")).sendKeys(iso.toAbsolutePath().toString());
      WebElement result = b.driver.findElement(By.id("upload-result"));
      // The page reloads itself once the upload is done.
      b.awaitNewPage(
          () -> {
            b.driver.findElement(By.id("upload-start")).click();
            b.wait.until(ExpectedConditions.textToBePresentInElement(result, "Uploaded"));
          });

      WebElement row = open(b, image);
      assertEquals("SystemRescue 13.00", row.findElement(By.className("iso-kind")).getText());
      assertEquals("in the ISO", fetch(row, image + "/sysresccd/boot/x86_64/vmlinuz"));
      assertEquals("in the ISO", fetch(row, image + "/sysresccd/boot/intel_ucode.img"));
      assertEquals(
          "not in this ISO: left out", fetch(row, image + "/sysresccd/boot/amd_ucode.img"));
      assertEquals("in the ISO", fetch(row, image + "/sysresccd/x86_64/airootfs.sfs"));
      assertEquals("missing", fetch(row, image + "/sysresccd/x86_64/airootfs.sha512"));

      new Select(row.findElement(By.name("stage3"))).selectByValue("nbd");
      row.findElement(By.cssSelector("form.iso-profile button")).click();
      b.wait.until(ExpectedConditions.urlContains("/profiles/" + image + "-nbd"));
      String page = b.driver.getPageSource();
      assertTrue(page.contains("archisolabel=RESCUE1300"), "the profile names the ISO's label");
      assertTrue(page.contains("archiso_nbd_srv="), "the profile's stage 3 is NBD");
    } finally {
      Files.deleteIfExists(IMAGES.resolve(image + ".iso"));
    }
  }

  @Test
  void aMismatchingIsoIsOfferedForAProfileOnlyOnceAccepted() throws Exception {
    Path src = work.resolve("src");
    Files.createDirectories(src.resolve("sysresccd/boot/x86_64"));
    Files.writeString(src.resolve("sysresccd/boot/x86_64/vmlinuz"), "kernel");
    Files.writeString(src.resolve("sysresccd/boot/x86_64/sysresccd.img"), "initramfs");
    String image = unique("browser-bad-iso");
    Files.createDirectories(IMAGES);
    Path iso = Xorriso.mkisofs(src, IMAGES.resolve(image + ".iso"), "RESCUE1201", "-R");
    Path sum = IMAGES.resolve(image + ".iso.sha256");
    Files.writeString(sum, "ab".repeat(32) + "  " + image + ".iso\n");
    try (Chromium b = new Chromium(base).as(admin())) {
      b.open("/library");
      b.driver.findElement(By.cssSelector("form[action='/library'] button")).click();
      b.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), image));

      WebElement row = open(b, image);
      assertTrue(
          row.findElement(By.className("iso-mismatch")).getText().contains("until you accept it"),
          "the page says why no profile is offered");
      assertEquals(List.of(), row.findElements(By.cssSelector("form.iso-profile")));

      WebElement accept =
          row.findElement(By.xpath(".//button[normalize-space()='Accept this ISO anyway']"));
      b.awaitNewPage(accept::click);
      row = open(b, image);
      assertTrue(row.getText().contains("accepted by an admin"), row.getText());
      assertEquals(List.of(), row.findElements(By.className("iso-mismatch")));
      row.findElement(By.cssSelector("form.iso-profile button")).click();
      b.wait.until(ExpectedConditions.urlContains("/profiles/" + image + "-http"));
    } finally {
      Files.deleteIfExists(iso);
      Files.deleteIfExists(sum);
    }
  }

  /** The image's row on the Images page, unfolded. */
  static WebElement open(Chromium b, String image) {
    WebElement details =
        b.wait.until(
            ExpectedConditions.presenceOfElementLocated(
                By.xpath("//details[summary/strong[text()='" + image + "']]")));
    details.findElement(By.tagName("summary")).click();
    b.wait.until(ExpectedConditions.visibilityOf(details.findElement(By.className("files"))));
    return details;
  }

  /** What the row says of one file the profile would fetch. */
  static String fetch(WebElement row, String path) {
    return row.findElement(
            By.xpath(
                ".//table[contains(@class,'iso-fetches')]//tr[td[1][normalize-space()='"
                    + path
                    + "']]/td[2]"))
        .getText();
  }
}
