package dev.bootkeeper.dashboard;

import static dev.bootkeeper.dashboard.DashboardTestSupport.admin;
import static dev.bootkeeper.dashboard.DashboardTestSupport.unique;
import static dev.bootkeeper.dashboard.DashboardTestSupport.uniqueMac;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.BootEventRecorder;
import dev.bootkeeper.boot.BootStep;
import dev.bootkeeper.store.Host;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The host list's labels, sorting and "all matching" bulk changes; the events page's filters. */
@QuarkusTest
class ListFiltersTest {

  @Inject BootEventRecorder recorder;

  @Test
  void severalLabelsNarrowTheHostListAndTheOrderIsInTheLinks() {
    String site = unique("site");
    String a = uniqueMac();
    String b = uniqueMac();
    String c = uniqueMac();
    HostsPageTest.host(a, "n2." + site, "198.18.0.10", Map.of("site", site, "rack", "a1"));
    HostsPageTest.host(b, "n1." + site, "198.18.0.9", Map.of("site", site, "rack", "a1"));
    HostsPageTest.host(c, "n3." + site, "198.18.0.11", Map.of("site", site, "rack", "b2"));
    String html =
        admin()
            .get()
            .queryParam("label", "site=" + site + ", rack=a1")
            .queryParam("sort", "ip")
            .get("/hosts")
            .then()
            .statusCode(200)
            .body(not(containsString(c)))
            .extract()
            .asString();
    assertTrue(html.indexOf(b) < html.indexOf(a), ".9 before .10: the IP sorts as a number");
    assertTrue(html.contains("sort=-ip"), "the IP header reverses the order, keeping the filter");
    assertTrue(html.contains("label=rack%3Da1"), "the links keep both labels");
    admin()
        .get()
        .queryParam("label", "site=" + site)
        .queryParam("label", "rack=b2")
        .get("/hosts")
        .then()
        .body(containsString(c))
        .body(not(containsString(a)));
    admin()
        .get()
        .queryParam("sort", "colour")
        .get("/hosts")
        .then()
        .statusCode(400)
        .body(containsString("sorts by mac, hostname, ip, profile, seen"));
  }

  @Test
  void allMatchingActsOnTheFilterAndRefusesWhenTheCountChanged() {
    String site = unique("bulk");
    String a = uniqueMac();
    String b = uniqueMac();
    HostsPageTest.host(a, null, null, Map.of("site", site));
    HostsPageTest.host(b, null, null, Map.of("site", site));
    var refused =
        admin()
            .form()
            .formParam("scope", "matching")
            .formParam("matchLabel", "site=" + site)
            .formParam("expected", "3")
            .formParam("action", "next-boot")
            .formParam("profile", "local-disk")
            .post("/hosts/bulk")
            .then()
            .statusCode(303)
            .extract()
            .cookie(Ui.FLASH);
    assertTrue(
        URLDecoder.decode(refused, StandardCharsets.UTF_8)
            .contains("you confirmed 3 hosts, but the filter now matches 2 hosts"),
        refused);
    QuarkusTransaction.requiringNew()
        .run(() -> assertNull(Host.byMac(a).orElseThrow().nextBootProfile));
    admin()
        .form()
        .formParam("scope", "matching")
        .formParam("matchLabel", "site=" + site)
        .formParam("expected", "2")
        .formParam("action", "next-boot")
        .formParam("profile", "local-disk")
        .post("/hosts/bulk")
        .then()
        .statusCode(303);
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              assertEquals("local-disk", Host.byMac(a).orElseThrow().nextBootProfile.name);
              assertEquals("local-disk", Host.byMac(b).orElseThrow().nextBootProfile.name);
            });
  }

  @Test
  void eventsFilterByHostnameProtocolAndOutcome() {
    String name = unique("evhost");
    String mac = uniqueMac();
    String other = uniqueMac();
    HostsPageTest.host(mac, name + ".lab", null, Map.of());
    publish(mac, BootEvent.Protocol.TFTP, BootEvent.Outcome.OK, "tftp-ok");
    publish(mac, BootEvent.Protocol.HTTP, BootEvent.Outcome.FAILED, "http-failed");
    publish(other, BootEvent.Protocol.TFTP, BootEvent.Outcome.OK, "other-host");
    recorder.awaitStored(Duration.ofSeconds(10));

    admin()
        .get()
        .queryParam("host", name)
        .get("/events")
        .then()
        .statusCode(200)
        .body(containsString("tftp-ok"))
        .body(containsString("http-failed"))
        .body(not(containsString("other-host")))
        .body(not(containsString("not a MAC address")))
        .body(containsString("data-stream=\"/events/stream?mac=" + mac.replace(":", "%3A")));
    admin()
        .get()
        .queryParam("host", name + ".lab")
        .queryParam("protocol", "http")
        .queryParam("outcome", "failed")
        .get("/events")
        .then()
        .body(containsString("http-failed"))
        .body(not(containsString("tftp-ok")));
    admin()
        .get()
        .queryParam("host", "no-such-" + name)
        .get("/events")
        .then()
        .statusCode(200)
        .body(containsString("No host is named &#39;no-such-" + name + "&#39;"))
        .body(not(containsString("not a MAC address")));
    admin()
        .get()
        .queryParam("protocol", "smtp")
        .get("/events")
        .then()
        .body(containsString("The protocol &#39;smtp&#39; is not one of dhcp, tftp, http, nbd"));
    admin().get().queryParam("protocol", "smtp").get("/events/stream").then().statusCode(400);
  }

  private void publish(String mac, BootEvent.Protocol p, BootEvent.Outcome o, String detail) {
    recorder.publish(BootEvent.now(mac, null, p, BootStep.TRANSFER_DONE, o, detail));
  }
}
