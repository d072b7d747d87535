package dev.bootkeeper.dashboard;

import static dev.bootkeeper.dashboard.DashboardTestSupport.admin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.boot.NodeName;
import dev.bootkeeper.store.BootEventEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The overview shows every appliance on the database: its services, whether it is still heard from,
 * and the steps it served in the last hour, with the fleet's totals; the latest events say which
 * node served each.
 */
@QuarkusTest
class OverviewFleetTest {

  @Inject DataSource db;
  @Inject NodeName node;

  @Test
  void everyNodeWithWhatItServedAndASilentOneIsFlagged() throws Exception {
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO fleet_node (node, address, http_base, started_at, seen_at, dhcp,"
                    + " tftp, http, nbd) VALUES ('boot-z', '198.18.7.2',"
                    + " 'http://198.18.7.2:8080', ?, ?, 'running', 'running', 'running', 'off')")) {
      Instant twoMinutesAgo = Instant.now().minusSeconds(120);
      s.setTimestamp(1, Timestamp.from(twoMinutesAgo.minusSeconds(3600)));
      s.setTimestamp(2, Timestamp.from(twoMinutesAgo));
      s.executeUpdate();
    }
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              step("52:54:00:5a:00:01", "boot-z", "OK");
              step("52:54:00:5a:00:01", "boot-z", "FAILED");
              step("52:54:00:5a:00:02", "boot-z", "OK");
            });

    String page = admin().get().get("/").then().statusCode(200).extract().asString();
    String z = row(page, "boot-z");
    assertEquals("boot-z 198.18.7.2 2 min ago running running running off 3 1 2", text(z), z);
    assertTrue(z.contains("href=\"http://198.18.7.2:8080/\""), z);
    assertTrue(text(row(page, node.get())).contains("this node"), page);
    assertTrue(text(row(page, "all")).startsWith("All nodes"), page);
    assertTrue(
        page.contains("Node boot-z has not been heard from since 2 min ago"),
        "a silent node is a warning");
    String latest = page.substring(page.indexOf("Latest boot events"));
    assertTrue(latest.contains("<td class=\"small muted\">boot-z</td>"), latest);
  }

  /** The row of the fleet table for {@code node}. */
  static String row(String page, String node) {
    Matcher m =
        Pattern.compile("<tr data-node=\"" + Pattern.quote(node) + "\">(.*?)</tr>", Pattern.DOTALL)
            .matcher(page);
    assertTrue(m.find(), "no row for " + node + " in:\n" + page);
    return m.group(1);
  }

  static String text(String html) {
    return html.replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ").strip();
  }

  private static void step(String mac, String node, String outcome) {
    BootEventEntity e = new BootEventEntity();
    e.at = OffsetDateTime.now(ZoneOffset.UTC);
    e.mac = mac;
    e.protocol = "TFTP";
    e.step = "transfer-finished";
    e.stepType = "TRANSFER_DONE";
    e.outcome = outcome;
    e.node = node;
    e.persist();
  }
}
