package dev.bootkeeper.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.bootkeeper.boot.Ipv4;
import dev.bootkeeper.boot.MacAddress;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the embedded database a lease is durable once the lease journal holds it: an appliance that
 * stops before the table has a lease finds it at the next start.
 */
class LeaseJournalReplayTest {

  @TempDir Path tmp;

  /** Its clients, subnet and allocator. */
  final JdbcLeaseStoreTest clients = new JdbcLeaseStoreTest();

  String url() {
    return "jdbc:h2:file:" + tmp.resolve("bootkeeper");
  }

  Path journal() {
    return tmp.resolve("bootkeeper.lease-journal");
  }

  LeaseAllocator allocator(LeaseStore store) {
    return clients.allocator(store);
  }

  Inet4Address bind(LeaseAllocator a, int n) {
    return clients.bind(a, n);
  }

  @Test
  void leasesAnsweredBeforeTheTableHadThemAreThereAfterARestart() throws Exception {
    DataSource table = TestDatabase.withLeaseTable(url());
    AtomicBoolean tableDown = new AtomicBoolean();
    JdbcLeaseStore stopped =
        new JdbcLeaseStore(commitsFailWhile(table, tableDown), Optional.of(url()));
    try {
      LeaseAllocator before = allocator(stopped);
      Inet4Address one = bind(before, 1);
      stopped.awaitWritten();
      // From here the table gets nothing: as if the appliance died before each round reached it.
      tableDown.set(true);
      Inet4Address two = bind(before, 2);
      Inet4Address three = bind(before, 3);
      before.release(JdbcLeaseStoreTest.mac(1), one);
      assertEquals("{" + one.getHostAddress() + "=BOUND}", rows(table).toString());

      JdbcLeaseStore restarted = new JdbcLeaseStore(table, Optional.of(url()));
      try {
        Lease second = restarted.byMac(JdbcLeaseStoreTest.mac(2)).orElseThrow();
        assertEquals(two, second.ip());
        assertEquals(Lease.State.BOUND, second.state());
        assertEquals(three, restarted.byMac(JdbcLeaseStoreTest.mac(3)).orElseThrow().ip());
        assertEquals(
            Lease.State.RELEASED, restarted.byMac(JdbcLeaseStoreTest.mac(1)).orElseThrow().state());
        assertEquals(
            "{"
                + one.getHostAddress()
                + "=RELEASED, "
                + two.getHostAddress()
                + "=BOUND, "
                + three.getHostAddress()
                + "=BOUND}",
            rows(table).toString(),
            "the table holds what the journal held");
        assertEquals(
            two, bind(allocator(restarted), 2), "the same client gets the same address again");
      } finally {
        restarted.close();
      }
    } finally {
      stopped.close();
    }
  }

  @Test
  void aCleanStopLeavesTheLeasesInTheTableAndNoJournal() throws Exception {
    DataSource table = TestDatabase.withLeaseTable(url());
    JdbcLeaseStore store = new JdbcLeaseStore(table, Optional.of(url()));
    Inet4Address one = bind(allocator(store), 1);
    assertEquals(true, Files.isDirectory(journal()), "the journal is written while running");
    store.close();
    assertFalse(Files.exists(journal()));
    assertEquals("{" + one.getHostAddress() + "=BOUND}", rows(table).toString());
  }

  /**
   * After a crash between a round's commit and the journal's clean-up, the journal replays changes
   * the table already has, in an order the table's constraints would refuse one by one: each row is
   * written as it ended, and a MAC's stale row goes first.
   */
  @Test
  void aReplayWritesEachRowAsItEndedWhateverTheTableHolds() throws Exception {
    DataSource table = TestDatabase.withLeaseTable(url());
    long x = Ipv4.unsigned(Ipv4.require("198.18.1.10"));
    long y = Ipv4.unsigned(Ipv4.require("198.18.1.11"));
    long z = Ipv4.unsigned(Ipv4.require("198.18.1.12"));
    String m = "02:00:00:00:00:0a";
    String n = "02:00:00:00:00:0b";
    Instant t = Instant.parse("2026-12-07T20:00:00Z");
    LeaseTableApplier.replay(
        table,
        List.of(
            new LeaseRowChange(x, m, "BOUND", t.plusSeconds(60), t),
            new LeaseRowChange(y, n, "BOUND", t.plusSeconds(60), t)));
    // N moves from Y to Z, then M from X to Y.
    List<LeaseRowChange> journal =
        List.of(
            LeaseRowChange.removal(y),
            new LeaseRowChange(z, n, "BOUND", t.plusSeconds(90), t.plusSeconds(1)),
            LeaseRowChange.removal(x),
            new LeaseRowChange(y, m, "BOUND", t.plusSeconds(90), t.plusSeconds(2)));
    LeaseTableApplier.replay(table, journal);
    String expected = "{198.18.1.11=BOUND " + m + ", 198.18.1.12=BOUND " + n + "}";
    assertEquals(expected, rowsWithMac(table).toString());
    LeaseTableApplier.replay(table, journal);
    assertEquals(expected, rowsWithMac(table).toString(), "a second replay changes nothing");
    assertEquals(
        Optional.of(Ipv4.fromInt((int) y)),
        new JdbcLeaseStore(table).byMac(MacAddress.of(m)).map(Lease::ip));
  }

  static TreeMap<String, String> rows(DataSource db) throws SQLException {
    TreeMap<String, String> rows = new TreeMap<>();
    query(db, "SELECT ip, state FROM dhcp_lease", rows);
    return rows;
  }

  static TreeMap<String, String> rowsWithMac(DataSource db) throws SQLException {
    TreeMap<String, String> rows = new TreeMap<>();
    query(db, "SELECT ip, state || ' ' || mac FROM dhcp_lease", rows);
    return rows;
  }

  private static void query(DataSource db, String sql, TreeMap<String, String> into)
      throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        into.put(rs.getString(1), rs.getString(2));
      }
    }
  }

  /** {@code real}, whose commits fail while {@code down} is set. */
  static DataSource commitsFailWhile(DataSource real, AtomicBoolean down) {
    return (DataSource)
        Proxy.newProxyInstance(
            LeaseJournalReplayTest.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object result = invoke(real, method, args);
              if (!method.getName().equals("getConnection")) {
                return result;
              }
              Connection c = (Connection) result;
              return Proxy.newProxyInstance(
                  LeaseJournalReplayTest.class.getClassLoader(),
                  new Class<?>[] {Connection.class},
                  (p, m, a) -> {
                    if (m.getName().equals("commit") && down.get()) {
                      throw new SQLException("the table is down (test)");
                    }
                    return invoke(c, m, a);
                  });
            });
  }

  static Object invoke(Object target, Method m, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
