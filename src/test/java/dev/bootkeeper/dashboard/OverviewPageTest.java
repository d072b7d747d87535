package dev.bootkeeper.dashboard;

import static dev.bootkeeper.dashboard.DashboardTestSupport.admin;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OverviewPageTest {

  @Test
  void showsServicesCountsAndMissingBootLoaders() {
    admin()
        .get()
        .get("/")
        .then()
        .statusCode(200)
        .contentType(containsString("text/html"))
        .body(
            allOf(
                containsString("<h1>Overview</h1>"),
                containsString("198.18.0.1"),
                containsString("<strong>DHCP</strong>"),
                containsString("<strong>TFTP</strong>"),
                containsString("<strong>HTTP</strong>"),
                containsString("<strong>NBD</strong>"),
                containsString("profiles"),
                containsString("machines booting in the last hour"),
                containsString("Boot loaders missing from the images directory"),
                containsString("pxelinux.0")));
  }

  @Test
  void theNbdServerReportsItsBoundPort() {
    admin()
        .get()
        .get("/")
        .then()
        .body(containsString("read-only, export &#39;archiso&#39;"))
        .body(containsString("transfers completed"))
        .body(containsString("<span class=\"pill ok\">running</span>"));
  }
}
