package dev.bootkeeper.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client-address writer thread of one node, against the appliance's schema (H2 in memory): what
 * DHCP saw reaches the table in batches, another node reads it, and the thread ends at stop.
 */
class SharedClientsWriterTest {

  static JdbcDataSource db;

  @BeforeAll
  static void database() {
    db = new JdbcDataSource();
    db.setURL("jdbc:h2:mem:shared-clients-writer;DB_CLOSE_DELAY=-1");
    Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
  }

  @Test
  void sightingsReachTheOtherNodesThroughTheWriterThreadWhichEndsAtStop() throws Exception {
    SharedClients a = new SharedClients(db, NodeName.of("node-a"));
    SharedClients b = new SharedClients(db, NodeName.of("node-b"));
    int count = SharedClients.BATCH * 2 + 7;
    for (int i = 0; i < count; i++) {
      a.publish(address(i), mac(i));
    }
    // A Quarkus test in the same JVM may run the appliance's own writer of that name.
    Set<Thread> before = threads("client-address-writer");
    a.start(null);
    try {
      Set<Thread> started = threads("client-address-writer");
      started.removeAll(before);
      assertEquals(1, started.size(), "one writer thread started");
      Thread writer = started.iterator().next();
      assertTrue(writer.isDaemon());
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (rows() < count && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(count, rows(), "every sighting stored");
      Optional<SharedClients.Sighting> seen = b.lookup(address(count - 1));
      assertEquals(Optional.of(mac(count - 1)), seen.map(SharedClients.Sighting::mac));

      a.stop(null);
      assertFalse(writer.isAlive(), "the writer ended within the stop");
    } finally {
      a.stop(null);
    }
  }

  private static Set<Thread> threads(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(name) && t.isAlive())
        .collect(Collectors.toCollection(HashSet::new));
  }

  private static long rows() throws Exception {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT COUNT(*) FROM client_address WHERE address LIKE '198.18.%'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static InetAddress address(int i) throws Exception {
    return InetAddress.getByName("198.18." + (i >> 8) + "." + (i & 0xff));
  }

  private static MacAddress mac(int i) {
    return MacAddress.of(String.format("52:54:00:c1:%02x:%02x", (i >> 8) & 0xff, i & 0xff));
  }
}
