package dev.bootkeeper.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.store.ChangeLog;
import dev.bootkeeper.store.ProfileKind;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two appliances on one database (H2 in memory, with the appliance's own migrations) follow one
 * machine's boot as one: whichever node saw its DHCP, served its config or its last file, the boot
 * is timed once, where it ended, and every node hears that it ended. Each node's writer is run by
 * hand ({@code flush}) and each node's look at the others' changes too ({@code readChanges}), as
 * the writer thread and the change feed do in the appliance.
 */
class BootProgressFleetTest {

  static final ProfileSpec RESCUE =
      ProfileSpec.simple("rescue", ProfileKind.LINUX, "k/vmlinuz", List.of("k/initrd"), null);
  static final AtomicInteger MACS = new AtomicInteger();
  static JdbcDataSource db;

  static final class Node {
    final MeterRegistry metrics = new SimpleMeterRegistry();
    final SharedBootProgress shared;
    final BootProgress progress;
    final List<MacAddress> loaded = new CopyOnWriteArrayList<>();

    Node(String name) {
      this(name, db);
    }

    Node(String name, DataSource store) {
      shared = new SharedBootProgress(store, NodeName.of(name), new ChangeLog(db));
      progress = new BootProgress(metrics, shared);
      progress.onBootLoaded(loaded::add);
    }

    long timed() {
      Timer t = metrics.find("bootkeeper.boot.duration").tag("profile", "rescue").timer();
      return t == null ? 0 : t.count();
    }
  }

  @BeforeAll
  static void database() {
    db = new JdbcDataSource();
    db.setURL("jdbc:h2:mem:boot-progress-fleet;DB_CLOSE_DELAY=-1");
    Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
  }

  final Node a = new Node("node-a");
  final Node b = new Node("node-b");

  static MacAddress mac() {
    return MacAddress.of(String.format("52:54:00:77:00:%02x", MACS.incrementAndGet()));
  }

  @Test
  void dhcpOnOneNodeAndTheFilesOnTheOtherIsOneBootTimedWhereItEnded() throws Exception {
    MacAddress m = mac();
    a.progress.dhcpSeen(m);
    a.shared.flush();
    // B serves the config of a boot it has not heard of yet: it asks the database.
    b.progress.configServed(m, RESCUE);
    b.progress.fileRequested(m, "k/vmlinuz");
    assertEquals(0, b.timed(), "the kernel is not the last file");
    Thread.sleep(20);
    b.progress.fileRequested(m, "k/initrd");
    assertEquals(1, b.timed());
    assertTrue(
        b.metrics
                .find("bootkeeper.boot.duration")
                .timer()
                .totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)
            >= 20,
        "timed from A's DHCP");
    assertEquals(List.of(m), b.loaded);

    b.shared.flush();
    a.shared.readChanges();
    assertEquals(List.of(m), a.loaded, "A hears that the boot ended (its one-shot grace ends)");
    a.progress.fileRequested(m, "k/initrd");
    assertEquals(0, a.timed(), "timed once, on B");
    assertEquals(1, b.timed());
    assertEquals("node-b", stored(m, "node"));
  }

  @Test
  void theConfigFromOneNodeAndTheLastFileFromTheOther() {
    MacAddress m = mac();
    a.progress.dhcpSeen(m);
    a.progress.configServed(m, RESCUE);
    a.shared.flush();
    b.shared.readChanges();
    b.progress.fileRequested(m, "k/initrd");
    assertEquals(1, b.timed());
    assertEquals(0, a.timed());
    b.shared.flush();
    a.shared.readChanges();
    assertEquals(List.of(m), a.loaded);
  }

  @Test
  void aLastFileServedBeforeTheConfigsNewsArrivedStillEndsTheBoot() {
    MacAddress m = mac();
    a.progress.dhcpSeen(m);
    a.shared.flush();
    b.shared.readChanges();
    a.progress.configServed(m, RESCUE);
    // B serves the last file a moment before A's writer has stored the config.
    b.progress.fileRequested(m, "k/initrd");
    assertEquals(0, b.timed());
    a.shared.flush();
    b.shared.readChanges();
    assertEquals(1, b.timed());
    assertEquals(List.of(m), b.loaded);
  }

  @Test
  void aRebootAfterTheLastFileIsANewBootOnEveryNode() {
    MacAddress m = mac();
    a.progress.dhcpSeen(m);
    a.progress.configServed(m, RESCUE);
    a.progress.fileRequested(m, "k/initrd");
    a.shared.flush();
    b.shared.readChanges();
    // The reboot's DHCP goes to B, its files to A.
    b.progress.dhcpSeen(m);
    b.shared.flush();
    a.shared.readChanges();
    a.progress.configServed(m, RESCUE);
    a.progress.fileRequested(m, "k/initrd");
    assertEquals(2, a.timed());
    assertEquals(0, b.timed());
  }

  @Test
  void aNodeWritesOncePerBootNotOncePerDhcpPacket() throws Exception {
    MacAddress m = mac();
    for (int i = 0; i < 5; i++) {
      a.progress.dhcpSeen(m);
    }
    long before = version();
    a.shared.flush();
    assertEquals(before + 1, version(), "one change for five DHCP packets of one boot");
    a.progress.dhcpSeen(m);
    a.shared.flush();
    assertEquals(before + 1, version());
  }

  @Test
  void configFetchesOfAMachineWithNoBootUnderWayAskTheDatabaseOnceNotEveryTime() {
    AtomicInteger queries = new AtomicInteger();
    Node c = new Node("node-c", countingConnections(queries));
    MacAddress idle = mac();
    for (int i = 0; i < 100; i++) {
      c.progress.configServed(idle, RESCUE);
    }
    assertEquals(1, queries.get(), "one lookup for 100 fetches within a second");

    // Another machine is looked up, and its boot found, as before.
    MacAddress booting = mac();
    a.progress.dhcpSeen(booting);
    a.shared.flush();
    c.progress.configServed(booting, RESCUE);
    assertEquals(2, queries.get());
    c.progress.fileRequested(booting, "k/initrd");
    assertEquals(1, c.timed(), "the boot DHCP started on A ends on C");
  }

  /** The test database, counting the connections taken from it (each lookup takes one). */
  static DataSource countingConnections(AtomicInteger count) {
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getConnection")) {
                count.incrementAndGet();
              }
              try {
                return method.invoke(db, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  static long version() throws Exception {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version FROM store_change WHERE area = 'BOOTS'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static String stored(MacAddress m, String column) throws Exception {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT " + column + " FROM boot_progress WHERE mac = '" + m.colon() + "'")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
