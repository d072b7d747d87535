package dev.bootkeeper.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MetricsTest {

  @Test
  void protocolCountersArePublishedForPrometheus() {
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("bootkeeper_tftp_transfers_total{outcome=\"completed\"}"))
        .body(containsString("bootkeeper_dhcp_packets_total{kind=\"malformed\"}"))
        .body(containsString("bootkeeper_nbd_bytes_read_total"))
        .body(containsString("bootkeeper_events_dropped_total"))
        .body(containsString("bootkeeper_events_overflow "));
  }

  @Test
  void readyWhenEveryEnabledServiceIsBound() {
    given().get("/q/health/live").then().statusCode(200);
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", org.hamcrest.Matchers.equalTo("UP"))
        .body(
            "checks.find { it.name == 'boot services' }.data.tftp",
            org.hamcrest.Matchers.startsWith("bound to"))
        .body(
            "checks.find { it.name == 'boot services' }.data.nbd",
            org.hamcrest.Matchers.startsWith("bound to"))
        .body(
            "checks.find { it.name == 'boot services' }.data.dhcp",
            org.hamcrest.Matchers.equalTo("off"));
  }
}
