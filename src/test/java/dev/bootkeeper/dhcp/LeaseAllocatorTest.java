package dev.bootkeeper.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.boot.Ipv4;
import dev.bootkeeper.boot.MacAddress;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class LeaseAllocatorTest {

  /** The store under the allocator; {@link LeaseAllocatorJdbcTest} runs every test on the DB. */
  LeaseStore newStore() {
    return new InMemoryLeaseStore();
  }

  private final MutableClock clock = new MutableClock();
  private final LeaseStore store = newStore();
  private final LeaseAllocator alloc =
      new LeaseAllocator(store, clock, Duration.ofSeconds(60), Duration.ofMinutes(10));
  private final Subnet subnet =
      Subnet.of(
          "198.18.0.0/24",
          "198.18.0.100-198.18.0.103",
          Optional.of(Ipv4.require("198.18.0.1")),
          List.of(Ipv4.require("198.18.0.1")),
          Optional.of("lab"),
          Duration.ofHours(1));
  private final Set<Inet4Address> excluded = Set.of(Ipv4.require("198.18.0.1"));

  private static MacAddress mac(int n) {
    return MacAddress.of(String.format("02:00:00:00:00:%02x", n));
  }

  private Optional<Lease> offer(int n) {
    return alloc.offer(subnet, mac(n), Optional.empty(), Optional.empty(), excluded::contains);
  }

  private Inet4Address bind(int n) {
    Inet4Address ip = offer(n).orElseThrow().ip();
    return ((LeaseAllocator.Decision.Ack)
            alloc
                .request(subnet, mac(n), ip, Optional.empty(), excluded::contains)
                .toCompletableFuture()
                .join())
        .lease()
        .ip();
  }

  @Test
  void sameClientGetsSameAddressAgain() {
    Inet4Address a = bind(1);
    assertEquals(a, offer(1).orElseThrow().ip());
    clock.advance(Duration.ofHours(2));
    assertEquals(a, offer(1).orElseThrow().ip(), "expired but untouched: still its own");
  }

  @Test
  void neverTwoClientsOnOneAddress() {
    Set<Inet4Address> seen = new HashSet<>();
    for (int i = 1; i <= 4; i++) {
      assertTrue(seen.add(bind(i)));
    }
    assertTrue(offer(5).isEmpty(), "pool of 4 is exhausted");
    LeaseAllocator.Decision stolen =
        alloc
            .request(subnet, mac(5), seen.iterator().next(), Optional.empty(), excluded::contains)
            .toCompletableFuture()
            .join();
    assertInstanceOf(LeaseAllocator.Decision.Nak.class, stolen);
  }

  @Test
  void concurrentClaimsNeverCollide() throws Exception {
    Subnet big =
        Subnet.of(
            "198.18.0.0/16",
            "198.18.1.0-198.18.1.199",
            Optional.empty(),
            List.of(),
            Optional.empty(),
            Duration.ofHours(1));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    Set<Inet4Address> taken = ConcurrentHashMap.newKeySet();
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      MacAddress m = MacAddress.of(String.format("02:00:00:00:%02x:%02x", i / 256, i % 256));
      results.add(
          pool.submit(
              () ->
                  alloc
                      .offer(big, m, Optional.empty(), Optional.empty(), x -> false)
                      .map(l -> taken.add(l.ip()))
                      .orElse(false)));
    }
    for (Future<Boolean> f : results) {
      assertTrue(f.get(), "every client got a distinct address");
    }
    pool.shutdown();
    assertEquals(200, taken.size());
  }

  @Test
  void offerHoldExpires() {
    for (int i = 1; i <= 4; i++) {
      offer(i).orElseThrow();
    }
    assertTrue(offer(5).isEmpty());
    clock.advance(Duration.ofSeconds(61));
    assertTrue(offer(5).isPresent(), "unrequested offers go back to the pool");
  }

  @Test
  void reservationWinsAndMayBeOutsideTheRange() {
    Inet4Address reserved = Ipv4.require("198.18.0.50");
    assertEquals(
        reserved,
        alloc
            .offer(subnet, mac(9), Optional.of(reserved), Optional.empty(), excluded::contains)
            .orElseThrow()
            .ip());
    assertInstanceOf(
        LeaseAllocator.Decision.Ack.class,
        alloc
            .request(subnet, mac(9), reserved, Optional.of(reserved), excluded::contains)
            .toCompletableFuture()
            .join());
    LeaseAllocator.Decision other =
        alloc
            .request(
                subnet,
                mac(9),
                Ipv4.require("198.18.0.100"),
                Optional.of(reserved),
                excluded::contains)
            .toCompletableFuture()
            .join();
    assertEquals(
        "this client's reserved address is 198.18.0.50",
        ((LeaseAllocator.Decision.Nak) other).reason());
  }

  @Test
  void requestedAddressIsHonouredWhenFree() {
    Inet4Address want = Ipv4.require("198.18.0.102");
    assertEquals(
        want,
        alloc
            .offer(subnet, mac(1), Optional.empty(), Optional.of(want), excluded::contains)
            .orElseThrow()
            .ip());
  }

  @Test
  void requestOutsideNetworkOrRangeIsNaked() {
    assertEquals(
        "10.0.0.5 is not on network 198.18.0.0/24",
        ((LeaseAllocator.Decision.Nak)
                alloc
                    .request(
                        subnet,
                        mac(1),
                        Ipv4.require("10.0.0.5"),
                        Optional.empty(),
                        excluded::contains)
                    .toCompletableFuture()
                    .join())
            .reason());
    assertInstanceOf(
        LeaseAllocator.Decision.Nak.class,
        alloc
            .request(
                subnet, mac(1), Ipv4.require("198.18.0.1"), Optional.empty(), excluded::contains)
            .toCompletableFuture()
            .join());
  }

  @Test
  void declinedAddressIsQuarantined() {
    Inet4Address a = bind(1);
    assertTrue(alloc.decline(mac(1), a));
    Inet4Address next = offer(1).orElseThrow().ip();
    assertNotEquals(a, next);
    for (int i = 2; i <= 3; i++) {
      bind(i);
    }
    assertTrue(offer(4).isEmpty(), "the declined address stays out of the pool");
    clock.advance(Duration.ofMinutes(11));
    // Free again: the declined address and client 1's unrequested offer, in either order.
    Set<Inet4Address> back = Set.of(offer(4).orElseThrow().ip(), offer(5).orElseThrow().ip());
    assertTrue(back.contains(a), "the declined address is back in the pool: " + back);
  }

  @Test
  void strayDeclineIsIgnored() {
    Inet4Address a = bind(1);
    assertTrue(!alloc.decline(mac(2), a));
    assertEquals(a, offer(1).orElseThrow().ip());
  }

  @Test
  void releaseFreesTheAddress() {
    for (int i = 1; i <= 4; i++) {
      bind(i);
    }
    Inet4Address a = store.byMac(mac(2)).orElseThrow().ip();
    alloc.release(mac(2), a);
    assertEquals(a, offer(7).orElseThrow().ip());
  }

  @Test
  void subnetValidation() {
    assertEquals(
        "range 198.18.1.1-198.18.1.5 is not an ascending range inside 198.18.0.0/24",
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () ->
                    Subnet.of(
                        "198.18.0.0/24",
                        "198.18.1.1-198.18.1.5",
                        Optional.empty(),
                        List.of(),
                        Optional.empty(),
                        Duration.ofHours(1)))
            .getMessage());
    assertEquals(Ipv4.require("255.255.255.0"), subnet.mask());
    assertEquals(Ipv4.require("198.18.0.255"), subnet.broadcast());
  }
}
