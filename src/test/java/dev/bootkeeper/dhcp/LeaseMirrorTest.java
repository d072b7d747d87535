package dev.bootkeeper.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.boot.Ipv4;
import dev.bootkeeper.boot.MacAddress;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.Inet4Address;
import java.sql.Connection;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * On the embedded database the lease store reads from its mirror of the table: it answers exactly
 * what the table answers after any sequence of claims, moves, take-overs, releases and quarantines,
 * and reads without a query once filled.
 */
class LeaseMirrorTest {

  static final int MACS = 12;
  static final int ADDRESSES = 8;
  static final int STEPS = 600;

  final DataSource table = TestDatabase.withLeaseTable();
  final AtomicInteger queries = new AtomicInteger();
  final JdbcLeaseStore mirrored =
      new JdbcLeaseStore(counting(table), JdbcLeaseStore.Offers.WRITTEN_BEHIND);

  /** Reads the table itself: the durable mode never uses the mirror. */
  final JdbcLeaseStore direct = new JdbcLeaseStore(table, JdbcLeaseStore.Offers.DURABLE);

  final Instant t0 = Instant.parse("2026-01-01T00:00:00.123456789Z");

  @AfterEach
  void close() {
    mirrored.close();
    direct.close();
  }

  static MacAddress mac(int i) {
    return MacAddress.of(String.format("02:00:00:00:0c:%02x", i));
  }

  static Inet4Address address(int i) {
    return Ipv4.require("198.18.2." + (10 + i));
  }

  @Test
  void everyReadAnswersWhatTheTableAnswersAfterEveryKindOfWrite() {
    Random random = new Random(17);
    for (int step = 0; step < STEPS; step++) {
      Instant now = t0.plusSeconds(step);
      MacAddress mac = mac(random.nextInt(MACS));
      Inet4Address ip = address(random.nextInt(ADDRESSES));
      switch (random.nextInt(6)) {
        case 0, 1, 2 -> {
          // Some leases outlive the steps, some are already expired: take-overs happen.
          Instant expires = now.plusSeconds(random.nextInt(40) - 10);
          Lease.State state = random.nextBoolean() ? Lease.State.BOUND : Lease.State.OFFERED;
          mirrored.claim(new Lease(ip, mac, expires, state), now);
        }
        case 3 -> mirrored.release(ip, mac, now);
        case 4 -> mirrored.quarantine(ip, now.plusSeconds(random.nextInt(20)));
        default -> mirrored.byMac(mac).ifPresent(l -> mirrored.release(l.ip(), mac, now));
      }
      assertSameAnswers("after step " + step, now);
    }
  }

  @Test
  void onceFilledTheMirrorAnswersWithoutAQuery() {
    mirrored.claim(new Lease(address(1), mac(1), t0.plusSeconds(60), Lease.State.BOUND), t0);
    mirrored.byMac(mac(1));
    int before = queries.get();
    for (int i = 0; i < 100; i++) {
      assertEquals(address(1), mirrored.byMac(mac(1)).orElseThrow().ip());
      assertEquals(mac(1), mirrored.byIp(address(1)).orElseThrow().mac());
      assertTrue(mirrored.byIp(address(2)).isEmpty());
    }
    assertEquals(before, queries.get(), "no query for 300 reads");
  }

  @Test
  void aStoreStartedOnAnExistingTableReadsItsRows() {
    mirrored.claim(new Lease(address(3), mac(3), t0.plusSeconds(60), Lease.State.BOUND), t0);
    mirrored.quarantine(address(4), t0.plusSeconds(60));
    mirrored.awaitWritten();
    JdbcLeaseStore restarted = new JdbcLeaseStore(table, JdbcLeaseStore.Offers.WRITTEN_BEHIND);
    try {
      assertEquals(direct.byMac(mac(3)), restarted.byMac(mac(3)));
      assertEquals(direct.byIp(address(3)), restarted.byIp(address(3)));
      assertTrue(restarted.byIp(address(4)).isEmpty(), "a quarantined address is no one's lease");
      Lease other = new Lease(address(4), mac(5), t0.plusSeconds(60), Lease.State.OFFERED);
      assertEquals(false, restarted.offer(other, t0.plusSeconds(1)), "still quarantined");
    } finally {
      restarted.close();
    }
  }

  void assertSameAnswers(String when, Instant now) {
    // The table is written behind the lease journal: once it holds everything, it agrees.
    mirrored.awaitWritten();
    for (int m = 0; m < MACS; m++) {
      assertEquals(direct.byMac(mac(m)), mirrored.byMac(mac(m)), when + ": by MAC " + mac(m));
    }
    for (int a = 0; a < ADDRESSES; a++) {
      assertEquals(direct.byIp(address(a)), mirrored.byIp(address(a)), when + ": by address " + a);
    }
  }

  /** Counts the queries (statements prepared as SELECT) run through {@code real}. */
  DataSource counting(DataSource real) {
    return (DataSource)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object result = invoke(real, method, args);
              if (method.getName().equals("getConnection")) {
                Connection c = (Connection) result;
                return Proxy.newProxyInstance(
                    getClass().getClassLoader(),
                    new Class<?>[] {Connection.class},
                    (p, m, a) -> {
                      if (m.getName().equals("prepareStatement")
                          && ((String) a[0]).startsWith("SELECT")) {
                        queries.incrementAndGet();
                      }
                      return invoke(c, m, a);
                    });
              }
              return result;
            });
  }

  static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
