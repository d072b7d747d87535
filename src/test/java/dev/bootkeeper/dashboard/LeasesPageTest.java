package dev.bootkeeper.dashboard;

import static dev.bootkeeper.dashboard.DashboardTestSupport.admin;
import static dev.bootkeeper.dashboard.DashboardTestSupport.viewer;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LeasesPageTest {

  @Test
  void withoutFullDhcpItSaysNoAddressesAreHandedOutAndShowsTheMode() {
    admin()
        .get()
        .get("/leases")
        .then()
        .statusCode(200)
        .body(containsString("No addresses handed out"))
        .body(containsString("<code>off</code>"));
    viewer().get().get("/leases").then().statusCode(200);
  }
}
