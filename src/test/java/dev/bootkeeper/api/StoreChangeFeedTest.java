package dev.bootkeeper.api;

import static dev.bootkeeper.api.ApiTestSupport.admin;
import static dev.bootkeeper.api.ApiTestSupport.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.background.ThreadNice;
import dev.bootkeeper.dhcp.DhcpControl;
import dev.bootkeeper.dhcp.DhcpMode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * What another appliance on the same database does reaches this one without a restart: every
 * committed change moves the area's counter, and a DHCP mode written by someone else (here plain
 * SQL, as another node's transaction looks from this one) is running here within the next read.
 */
@QuarkusTest
class StoreChangeFeedTest {

  @Inject DataSource db;
  @Inject DhcpControl dhcp;

  @Test
  void everyCommittedChangeMovesTheCounterOthersRead() throws Exception {
    long before = counter("PROFILES");
    admin()
        .body(Map.of("name", unique("feed"), "kind", "local"))
        .post("/api/v1/profiles")
        .then()
        .statusCode(201);
    assertTrue(counter("PROFILES") > before, "the commit moved the counter");
    long afterCreate = counter("PROFILES");
    admin()
        .body(Map.of("name", unique("feed"), "kind", "linux", "kernel", "k", "cmdline", "a\nb"))
        .post("/api/v1/profiles")
        .then()
        .statusCode(400);
    assertEquals(afterCreate, counter("PROFILES"), "a refused change moves nothing");
  }

  @Test
  void aDhcpModeStoredByAnotherNodeRunsHereWithoutARestart() throws Exception {
    assertEquals(DhcpMode.OFF, dhcp.mode());
    try {
      try (Connection c = db.getConnection()) {
        c.setAutoCommit(false);
        try (PreparedStatement s =
            c.prepareStatement("DELETE FROM setting WHERE name = 'dhcp-mode'")) {
          s.executeUpdate();
        }
        try (PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO setting (name, setting_value) VALUES ('dhcp-mode', 'proxy')")) {
          s.executeUpdate();
        }
        try (PreparedStatement s =
            c.prepareStatement(
                "UPDATE store_change SET version = version + 1 WHERE area = 'PROFILES'")) {
          s.executeUpdate();
        }
        c.commit();
      }
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (dhcp.mode() != DhcpMode.PROXY && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertEquals(DhcpMode.PROXY, dhcp.mode(), "applied by the next read of the counters");
      assertEquals(
          DhcpMode.PROXY,
          dhcp.server().settings().map(s -> s.mode()).orElse(null),
          "the server runs in proxy mode");
      // Started from another thread, at run time: its threads are ahead of the rest all the same.
      List<ThreadNice.Task> dhcpThreads =
          ThreadNice.tasks().stream()
              .filter(t -> t.name().startsWith("dhcp-loop-") || t.name().startsWith("dhcp-worker-"))
              .toList();
      assertTrue(dhcpThreads.size() >= 2, dhcpThreads.toString());
      for (ThreadNice.Task t : dhcpThreads) {
        assertEquals(OptionalInt.of(-5), ThreadNice.of(t.tid()), t.toString());
      }
    } finally {
      admin().body("{\"mode\":\"off\"}").put("/api/v1/dhcp").then().statusCode(200);
    }
    assertEquals(DhcpMode.OFF, dhcp.mode());
  }

  private long counter(String area) throws Exception {
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT version FROM store_change WHERE area = ?")) {
      s.setString(1, area);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
