package dev.bootkeeper.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.boot.Ipv4;
import dev.bootkeeper.boot.MacAddress;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the group-commit writer does when another writer makes the database end its transaction: H2
 * rolls the whole transaction back on a deadlock, which also drops every savepoint in it. The fault
 * is injected the way H2 itself does it (roll back, then throw SQL state 40001) on a chosen write
 * statement, so the test is deterministic where the real race is not.
 */
class ClaimWriterTest {

  final DataSource real = TestDatabase.withLeaseTable();
  final Instant now = Instant.parse("2025-01-01T00:00:00Z");
  final List<AutoCloseable> cleanup = new ArrayList<>();
  final ExecutorService clients = Executors.newFixedThreadPool(4);

  @AfterEach
  void close() throws Exception {
    clients.shutdownNow();
    for (AutoCloseable c : cleanup) {
      c.close();
    }
  }

  static Lease offer(int n, Instant now) {
    return new Lease(
        Ipv4.require("198.18.1." + n),
        MacAddress.of(String.format("02:00:00:00:01:%02x", n)),
        now.plusSeconds(60),
        Lease.State.OFFERED);
  }

  ClaimWriter writer(DataSource db) {
    ClaimWriter w = new ClaimWriter(db);
    cleanup.add(w);
    return w;
  }

  @Test
  void aClaimWhoseTransactionEndsInADeadlockIsWrittenInANewOne() throws Exception {
    // Statement 1 is the claim's DELETE: it fails, and the transaction is gone with its savepoint.
    FaultyDatabase db = new FaultyDatabase(real, n -> n == 1);
    ClaimWriter.Result r = writer(db).claim(offer(10, now), now);
    assertTrue(r.recorded(), "the claim is retried, not failed");
    assertEquals(List.of("198.18.1.10"), rows());
  }

  @Test
  void claimsBeforeTheConflictInTheSameBatchAreWrittenAgain() throws Exception {
    // The first transaction is held at getConnection until three more claims wait in the queue,
    // so they share the second transaction. Its statements: 3 per claim (delete, update,
    // insert); statement 3 + 4 is the second claim's DELETE.
    CountDownLatch release = new CountDownLatch(1);
    FaultyDatabase db = new FaultyDatabase(real, n -> n == 3 + 4);
    db.holdFirstConnectionUntil(release);
    ClaimWriter w = writer(db);
    List<Future<ClaimWriter.Result>> results = new ArrayList<>();
    results.add(clients.submit(() -> w.claim(offer(1, now), now)));
    waitFor(() -> db.connections() == 1);
    for (int n = 2; n <= 4; n++) {
      int ip = n;
      results.add(clients.submit(() -> w.claim(offer(ip, now), now)));
    }
    waitFor(() -> w.queued() == 3);
    release.countDown();
    for (Future<ClaimWriter.Result> f : results) {
      assertTrue(f.get(10, TimeUnit.SECONDS).recorded());
    }
    assertEquals(List.of("198.18.1.1", "198.18.1.2", "198.18.1.3", "198.18.1.4"), rows());
  }

  @Test
  void aClaimThatKeepsConflictingIsAnsweredNotRecordedAndTheOthersAreWritten() throws Exception {
    // Every DELETE for the MAC of 198.18.1.20 conflicts; the claim of .21 is unaffected.
    FaultyDatabase db = new FaultyDatabase(real, n -> false);
    db.failWhenBound("02:00:00:00:01:14");
    ClaimWriter w = writer(db);
    assertFalse(w.claim(offer(20, now), now).recorded());
    assertTrue(w.claim(offer(21, now), now).recorded());
    assertEquals(List.of("198.18.1.21"), rows());
    assertEquals(ClaimWriter.CONFLICTS_PER_CLAIM, db.failures());
  }

  @Test
  void aClaimThatLosesToACommittedRowIsNotRecordedAndTheBatchGoesOn() throws Exception {
    ClaimWriter w = writer(real);
    assertTrue(w.claim(offer(30, now), now).recorded());
    Lease other =
        new Lease(
            Ipv4.require("198.18.1.30"),
            MacAddress.of("02:00:00:00:02:01"),
            now.plusSeconds(60),
            Lease.State.OFFERED);
    assertFalse(w.claim(other, now).recorded(), "the address is held by the first client");
    assertTrue(w.claim(offer(31, now), now).recorded());
  }

  @Test
  void aBoundLeaseQueuedAfterItsClientsOfferInOneBatchIsTheOneWritten() throws Exception {
    // The offer (written behind the OFFER) is of a higher address than the REQUEST that follows
    // in the same batch: in address order the offer would come last and drop the bound row.
    CountDownLatch release = new CountDownLatch(1);
    FaultyDatabase db = new FaultyDatabase(real, n -> false);
    db.holdFirstConnectionUntil(release);
    ClaimWriter w = writer(db);
    Future<ClaimWriter.Result> first = clients.submit(() -> w.claim(offer(1, now), now));
    waitFor(() -> db.connections() == 1);
    MacAddress mac = MacAddress.of("02:00:00:00:03:01");
    Lease offered =
        new Lease(Ipv4.require("198.18.1.90"), mac, now.plusSeconds(60), Lease.State.OFFERED);
    Lease bound =
        new Lease(Ipv4.require("198.18.1.40"), mac, now.plusSeconds(3600), Lease.State.BOUND);
    var offerResult = w.submit(offered, now);
    var boundResult = w.submit(bound, now);
    waitFor(() -> w.queued() == 2);
    release.countDown();
    assertTrue(first.get(10, TimeUnit.SECONDS).recorded());
    assertTrue(boundResult.get(10, TimeUnit.SECONDS).recorded());
    assertFalse(offerResult.get(10, TimeUnit.SECONDS).recorded(), "replaced by the bound lease");
    assertEquals(List.of("198.18.1.1", "198.18.1.40"), rows());
  }

  @Test
  void aRehearsalRunsEveryStatementOfAClaimAndStoresNothing() throws Exception {
    FaultyDatabase db = new FaultyDatabase(real, n -> false);
    ClaimWriter w = writer(db);
    assertTrue(w.claim(offer(10, now), now).recorded());
    int before = db.statements();
    // The same MAC at another address: a claim would drop the .10 row and insert .11.
    Lease moved =
        new Lease(Ipv4.require("198.18.1.11"), offer(10, now).mac(), now, Lease.State.BOUND);
    w.rehearse(List.of(moved), now);
    assertEquals(3, db.statements() - before, "the delete, the update and the insert ran");
    assertEquals(List.of("198.18.1.10"), rows(), "and were rolled back");
    assertTrue(w.claim(offer(11, now), now).recorded(), "no lock or row is left behind");
    assertEquals(List.of("198.18.1.10", "198.18.1.11"), rows());
  }

  List<String> rows() throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = real.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT ip FROM dhcp_lease ORDER BY ip_num");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(5);
    }
  }

  /**
   * A data source whose write statements can fail the way H2 fails a deadlock victim: the whole
   * transaction is rolled back, then SQL state 40001 is thrown.
   */
  static final class FaultyDatabase implements DataSource {
    private final DataSource real;
    private final IntPredicate failAt;
    private final AtomicInteger statements = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile CountDownLatch holdFirst;
    private volatile String failingMac;

    FaultyDatabase(DataSource real, IntPredicate failAtStatement) {
      this.real = real;
      this.failAt = failAtStatement;
    }

    void holdFirstConnectionUntil(CountDownLatch latch) {
      holdFirst = latch;
    }

    /** Every statement that binds this MAC fails. */
    void failWhenBound(String mac) {
      failingMac = mac;
    }

    int connections() {
      return connections.get();
    }

    int statements() {
      return statements.get();
    }

    int failures() {
      return failures.get();
    }

    @Override
    public Connection getConnection() throws SQLException {
      if (connections.incrementAndGet() == 1 && holdFirst != null) {
        try {
          holdFirst.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      Connection c = real.getConnection();
      return (Connection)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {Connection.class},
              (proxy, method, args) -> {
                Object result = invoke(c, method, args);
                if (method.getName().equals("prepareStatement")) {
                  return statement(c, (PreparedStatement) result);
                }
                return result;
              });
    }

    private PreparedStatement statement(Connection c, PreparedStatement real) {
      List<Object> bound = new ArrayList<>();
      return (PreparedStatement)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {PreparedStatement.class},
              (proxy, method, args) -> {
                if (method.getName().startsWith("set") && args != null && args.length == 2) {
                  bound.add(args[1]);
                }
                if (method.getName().equals("executeUpdate")) {
                  boolean macFails = failingMac != null && bound.contains(failingMac);
                  bound.clear();
                  if (failAt.test(statements.incrementAndGet()) || macFails) {
                    failures.incrementAndGet();
                    c.rollback();
                    throw new SQLException("Deadlock detected (injected)", "40001", 40001);
                  }
                }
                return invoke(real, method, args);
              });
    }

    private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args)
        throws Throwable {
      try {
        return m.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      throw new UnsupportedOperationException();
    }

    @Override
    public java.io.PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(java.io.PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public java.util.logging.Logger getParentLogger() {
      return java.util.logging.Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
