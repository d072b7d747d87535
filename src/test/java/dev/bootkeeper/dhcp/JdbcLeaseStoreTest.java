package dev.bootkeeper.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.boot.Ipv4;
import dev.bootkeeper.boot.MacAddress;
import java.net.Inet4Address;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** What only the database store promises: restarts, several appliances, rows as written. */
class JdbcLeaseStoreTest {

  final DataSource db = TestDatabase.withLeaseTable();
  final MutableClock clock = new MutableClock();
  final Subnet subnet =
      Subnet.of(
          "198.18.0.0/16",
          "198.18.1.0-198.18.1.199",
          Optional.empty(),
          List.of(),
          Optional.empty(),
          Duration.ofHours(1));

  static MacAddress mac(int n) {
    return MacAddress.of(String.format("02:00:00:00:%02x:%02x", n / 256, n % 256));
  }

  LeaseAllocator allocator(LeaseStore store) {
    return new LeaseAllocator(store, clock, Duration.ofSeconds(60), Duration.ofMinutes(10));
  }

  Inet4Address bind(LeaseAllocator a, int n) {
    Inet4Address ip =
        a.offer(subnet, mac(n), Optional.empty(), Optional.empty(), x -> false).orElseThrow().ip();
    LeaseAllocator.Decision d =
        a.request(subnet, mac(n), ip, Optional.empty(), x -> false).toCompletableFuture().join();
    return ((LeaseAllocator.Decision.Ack) d).lease().ip();
  }

  @Test
  void onlyTheEmbeddedDatabaseAnswersWithoutWaitingForACommit() {
    assertTrue(new JdbcLeaseStore(db).answersWithoutWaiting(), "H2 of this process only");
    assertFalse(
        new JdbcLeaseStore(db, JdbcLeaseStore.Offers.DURABLE).answersWithoutWaiting(),
        "offers committed first, as on PostgreSQL");
  }

  @Test
  void leasesAndQuarantineSurviveARestart() {
    JdbcLeaseStore first = new JdbcLeaseStore(db);
    LeaseAllocator before = allocator(first);
    Inet4Address a = bind(before, 1);
    Inet4Address b = bind(before, 2);
    assertTrue(before.decline(mac(2), b));
    first.close();

    JdbcLeaseStore store = new JdbcLeaseStore(db);
    LeaseAllocator after = allocator(store);
    assertEquals(a, store.byMac(mac(1)).orElseThrow().ip());
    assertEquals(Lease.State.BOUND, store.byMac(mac(1)).orElseThrow().state());
    assertEquals(a, bind(after, 1), "the same client gets the same address after a restart");
    Inet4Address c = bind(after, 3);
    assertNotEquals(a, c);
    assertNotEquals(b, c, "the declined address is still quarantined");
    assertFalse(
        store.claim(
            new Lease(a, mac(4), clock.instant().plusSeconds(60), Lease.State.OFFERED),
            clock.instant()));
  }

  @Test
  void afterARestartNewAddressesContinueAfterTheHighestInUse() {
    JdbcLeaseStore first = new JdbcLeaseStore(db);
    LeaseAllocator before = allocator(first);
    for (int i = 1; i <= 5; i++) {
      bind(before, i);
    }
    first.close();
    JdbcLeaseStore store = new JdbcLeaseStore(db);
    assertEquals(
        Ipv4.require("198.18.1.5"),
        store.findFree(subnet.first(), subnet.last(), clock.instant(), x -> false).orElseThrow());
  }

  @Test
  void neverUsedAddressesFirstThenTheOneExpiredLongestAgo() {
    Subnet small =
        Subnet.of(
            "198.18.0.0/24",
            "198.18.0.10-198.18.0.12",
            Optional.empty(),
            List.of(),
            Optional.empty(),
            Duration.ofMinutes(5));
    JdbcLeaseStore store = new JdbcLeaseStore(db);
    Instant now = clock.instant();
    for (int i = 0; i < 3; i++) {
      Inet4Address ip = Ipv4.require("198.18.0." + (10 + i));
      // .10 expires last, .12 first
      assertTrue(
          store.claim(
              new Lease(ip, mac(i), now.plusSeconds(300 - i * 60L), Lease.State.BOUND), now));
    }
    assertTrue(
        store.findFree(small.first(), small.last(), now, x -> false).isEmpty(), "all active");
    Instant later = now.plusSeconds(400);
    assertEquals(
        Ipv4.require("198.18.0.12"),
        store.findFree(small.first(), small.last(), later, x -> false).orElseThrow());
    assertEquals(
        Ipv4.require("198.18.0.11"),
        store
            .findFree(
                small.first(), small.last(), later, x -> x.equals(Ipv4.require("198.18.0.12")))
            .orElseThrow());
  }

  /**
   * The OFFER does not wait for a commit: the address is held in memory at once (no second client
   * is offered it, not even by the free-address search), and the OFFERED row follows.
   */
  @Test
  void anOfferHoldsItsAddressAtOnceAndItsRowFollows() throws Exception {
    JdbcLeaseStore store = new JdbcLeaseStore(db);
    Instant now = clock.instant();
    Inet4Address ip = store.findFree(subnet.first(), subnet.last(), now, x -> false).orElseThrow();
    assertTrue(store.offer(new Lease(ip, mac(1), now.plusSeconds(60), Lease.State.OFFERED), now));
    assertFalse(
        store.offer(new Lease(ip, mac(2), now.plusSeconds(60), Lease.State.OFFERED), now),
        "another client is not offered the same address");
    assertNotEquals(
        ip, store.findFree(subnet.first(), subnet.last(), now, x -> false).orElseThrow());
    ClaimWriterTest.waitFor(() -> store.byIp(ip).isPresent());
    assertEquals(
        new Lease(
            ip, mac(1), JdbcLeaseStore.time(now.plusSeconds(60)).toInstant(), Lease.State.OFFERED),
        store.byIp(ip).orElseThrow());
    assertTrue(
        store.offer(new Lease(ip, mac(1), now.plusSeconds(60), Lease.State.OFFERED), now),
        "the same client is offered it again");
  }

  /**
   * A client's DISCOVERs that come before its offer's row is written (a client in a hurry, a
   * retransmission) are all offered the one address: each must not hold another address.
   */
  @Test
  void aClientsNextDiscoverBeforeItsRowIsWrittenGetsTheSameAddress() throws Exception {
    JdbcLeaseStore store = new JdbcLeaseStore(db);
    LeaseAllocator a = allocator(store);
    for (int n = 0; n < 50; n++) {
      Inet4Address first =
          a.offer(subnet, mac(n), Optional.empty(), Optional.empty(), x -> false)
              .orElseThrow()
              .ip();
      Inet4Address again =
          a.offer(subnet, mac(n), Optional.empty(), Optional.empty(), x -> false)
              .orElseThrow()
              .ip();
      assertEquals(first, again, "client " + n);
    }
    ClaimWriterTest.waitFor(() -> store.countActive(clock.instant()) == 50);
  }

  /**
   * A client that REQUESTs its offer before the offer's row is due never has an OFFERED row: the
   * claim writes the only one, and the offer's row, due later, does not replace it.
   */
  @Test
  void anOfferClaimedBeforeItsRowIsDueIsNeverWritten() throws Exception {
    JdbcLeaseStore store =
        new JdbcLeaseStore(db, JdbcLeaseStore.Offers.WRITTEN_BEHIND, Duration.ofMillis(200));
    Instant now = clock.instant();
    Inet4Address ip = store.findFree(subnet.first(), subnet.last(), now, x -> false).orElseThrow();
    assertTrue(store.offer(new Lease(ip, mac(1), now.plusSeconds(60), Lease.State.OFFERED), now));
    assertTrue(store.claim(new Lease(ip, mac(1), now.plusSeconds(3600), Lease.State.BOUND), now));
    Thread.sleep(600);
    assertEquals(Lease.State.BOUND, store.byIp(ip).orElseThrow().state());
  }

  /** An address offered to one client, its row not yet written, is refused to another's claim. */
  @Test
  void anAddressOfferedToAnotherClientIsRefusedBeforeItsRowIsWritten() {
    JdbcLeaseStore store =
        new JdbcLeaseStore(db, JdbcLeaseStore.Offers.WRITTEN_BEHIND, Duration.ofMinutes(1));
    Instant now = clock.instant();
    Inet4Address ip = store.findFree(subnet.first(), subnet.last(), now, x -> false).orElseThrow();
    assertTrue(store.offer(new Lease(ip, mac(1), now.plusSeconds(60), Lease.State.OFFERED), now));
    assertFalse(store.claim(new Lease(ip, mac(2), now.plusSeconds(3600), Lease.State.BOUND), now));
    assertTrue(store.claim(new Lease(ip, mac(1), now.plusSeconds(3600), Lease.State.BOUND), now));
    assertEquals(mac(1), store.byIp(ip).orElseThrow().mac());
  }

  /**
   * An H2 file opened with AUTO_SERVER=TRUE may be opened by another process too: its offers are
   * committed before the OFFER, as on PostgreSQL, so the row is there when offer returns.
   */
  @Test
  void onAnH2FileOthersMayOpenOffersAreCommittedFirst(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("leases").toAbsolutePath() + ";AUTO_SERVER=TRUE";
    JdbcLeaseStore store = new JdbcLeaseStore(TestDatabase.withLeaseTable(url), Optional.of(url));
    Instant now = clock.instant();
    Inet4Address ip = store.findFree(subnet.first(), subnet.last(), now, x -> false).orElseThrow();
    assertTrue(store.offer(new Lease(ip, mac(1), now.plusSeconds(60), Lease.State.OFFERED), now));
    assertEquals(Lease.State.OFFERED, store.byIp(ip).orElseThrow().state(), "committed already");
    store.close();
  }

  @Test
  void anAddressQuarantinedOrBoundToAnotherClientIsNotOffered() {
    JdbcLeaseStore store = new JdbcLeaseStore(db);
    Instant now = clock.instant();
    Inet4Address bound = Ipv4.require("198.18.1.7");
    Inet4Address declined = Ipv4.require("198.18.1.8");
    assertTrue(store.claim(new Lease(bound, mac(1), now.plusSeconds(600), Lease.State.BOUND), now));
    store.quarantine(declined, now.plusSeconds(600));
    assertFalse(
        store.offer(new Lease(bound, mac(2), now.plusSeconds(60), Lease.State.OFFERED), now));
    assertFalse(
        store.offer(new Lease(declined, mac(2), now.plusSeconds(60), Lease.State.OFFERED), now));
    Instant later = now.plusSeconds(601);
    assertTrue(
        store.offer(new Lease(bound, mac(2), later.plusSeconds(60), Lease.State.OFFERED), later),
        "an expired lease's address is free again");
  }

  @Test
  void rowsSayWhatHappened() throws Exception {
    JdbcLeaseStore store = new JdbcLeaseStore(db);
    LeaseAllocator a = allocator(store);
    Inet4Address one = bind(a, 1);
    Inet4Address two = bind(a, 2);
    a.release(mac(1), one);
    assertTrue(a.decline(mac(2), two));
    store.awaitWritten();
    Map<String, String[]> rows = new java.util.HashMap<>();
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT ip, mac, state FROM dhcp_lease");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3)});
      }
    }
    assertEquals(mac(1).colon(), rows.get(one.getHostAddress())[0]);
    assertEquals("RELEASED", rows.get(one.getHostAddress())[1]);
    assertNull(rows.get(two.getHostAddress())[0]);
    assertEquals("QUARANTINED", rows.get(two.getHostAddress())[1]);
    assertEquals(Lease.State.RELEASED, store.byMac(mac(1)).orElseThrow().state());
    assertTrue(store.byIp(two).isEmpty(), "a quarantined address is nobody's lease");
  }

  /**
   * Two appliances on one database, each with its own store and allocator (and so its own cursor),
   * serve clients concurrently: every client gets an address and no address is ACKed to two
   * clients.
   */
  @org.junit.jupiter.api.RepeatedTest(50)
  void twoAppliancesOnOneDatabaseNeverShareAnAddress() throws Exception {
    // Appliances that share a database (PostgreSQL in practice) commit offers before the OFFER.
    assertEveryClientBoundToItsOwnAddress(
        List.of(
            new JdbcLeaseStore(db, JdbcLeaseStore.Offers.DURABLE),
            new JdbcLeaseStore(db, JdbcLeaseStore.Offers.DURABLE)));
  }

  /**
   * One appliance on its embedded database, offers written behind the OFFER, serves clients
   * concurrently: the offers in flight keep every address to one client.
   */
  @org.junit.jupiter.api.RepeatedTest(20)
  void oneApplianceWithOffersWrittenBehindNeverSharesAnAddress() throws Exception {
    JdbcLeaseStore store = new JdbcLeaseStore(db);
    assertEveryClientBoundToItsOwnAddress(List.of(store));
    assertTrue(
        store.offer(
            new Lease(
                Ipv4.require("198.18.1.199"),
                mac(9999),
                clock.instant().plusSeconds(60),
                Lease.State.OFFERED),
            clock.instant()),
        "a free address");
  }

  void assertEveryClientBoundToItsOwnAddress(List<JdbcLeaseStore> stores) throws Exception {
    List<LeaseAllocator> appliances = stores.stream().map(this::allocator).toList();
    Map<Inet4Address, MacAddress> acked = new ConcurrentHashMap<>();
    Set<Inet4Address> duplicates = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Boolean>> done = new ArrayList<>();
    int clients = 180;
    for (int i = 0; i < clients; i++) {
      int n = i;
      LeaseAllocator a = appliances.get(i % appliances.size());
      done.add(
          pool.submit(
              () -> {
                // A real client retransmits when it hears nothing; three tries are plenty.
                for (int attempt = 0; attempt < 3; attempt++) {
                  Optional<Lease> offer =
                      a.offer(subnet, mac(n), Optional.empty(), Optional.empty(), x -> false);
                  if (offer.isEmpty()) {
                    continue;
                  }
                  LeaseAllocator.Decision d =
                      a.request(subnet, mac(n), offer.get().ip(), Optional.empty(), x -> false)
                          .toCompletableFuture()
                          .join();
                  if (d instanceof LeaseAllocator.Decision.Ack ack) {
                    MacAddress prev = acked.putIfAbsent(ack.lease().ip(), mac(n));
                    if (prev != null && !prev.equals(mac(n))) {
                      duplicates.add(ack.lease().ip());
                    }
                    return true;
                  }
                }
                return false;
              }));
    }
    int ok = 0;
    for (Future<Boolean> f : done) {
      ok += f.get() ? 1 : 0;
    }
    pool.shutdown();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    assertEquals(Set.of(), duplicates);
    assertEquals(clients, ok, "every client got an address");
    assertEquals(clients, acked.size());
    stores.forEach(JdbcLeaseStore::awaitWritten);
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT COUNT(*), COUNT(DISTINCT mac) FROM dhcp_lease WHERE state = 'BOUND'");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      assertEquals(clients, rs.getInt(1));
      assertEquals(clients, rs.getInt(2));
    }
  }
}
