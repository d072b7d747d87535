package dev.bootkeeper.dhcp;

import dev.bootkeeper.boot.MacAddress;
import java.net.Inet4Address;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * Decides which address a client gets, on top of a {@link LeaseStore}. Pure apart from the store:
 * time comes from a {@link Clock}. The server serialises calls per MAC, the store serialises per
 * address, so concurrent clients never share an address.
 */
public final class LeaseAllocator {

  /** How often {@link #offer} retries when another client wins the address it found free. */
  static final int CLAIM_ATTEMPTS = 16;

  private final LeaseStore store;
  private final Clock clock;
  private final Duration offerHold;
  private final Duration declineHold;

  /**
   * @param offerHold how long an offered address stays reserved for the client that was offered it
   *     (RFC 2131 §4.3.1 lets the server keep it for the client)
   * @param declineHold how long a DECLINEd address (someone else answers ARP for it) stays out of
   *     the pool
   */
  public LeaseAllocator(LeaseStore store, Clock clock, Duration offerHold, Duration declineHold) {
    this.store = store;
    this.clock = clock;
    this.offerHold = offerHold;
    this.declineHold = declineHold;
  }

  public LeaseStore store() {
    return store;
  }

  /** The outcome of a DHCPREQUEST. */
  public sealed interface Decision {
    record Ack(Lease lease) implements Decision {}

    record Nak(String reason) implements Decision {}
  }

  /**
   * Picks and holds an address for a DISCOVER: the reservation, else the client's previous address,
   * else the one it asked for (option 50), else a free one. Empty when the pool is exhausted.
   *
   * @param excluded addresses never handed out dynamically (this server, the router, addresses
   *     reserved for other hosts)
   */
  public Optional<Lease> offer(
      Subnet subnet,
      MacAddress mac,
      Optional<Inet4Address> reserved,
      Optional<Inet4Address> requested,
      Predicate<Inet4Address> excluded) {
    Instant now = clock.instant();
    Optional<Inet4Address> reservation = reserved.filter(subnet::isHost);
    if (reservation.isPresent()) {
      Optional<Lease> held = hold(reservation.get(), mac, now);
      if (held.isPresent()) {
        return held;
      }
    }
    Optional<Lease> previous = store.byMac(mac).filter(l -> usable(subnet, l.ip(), excluded));
    if (previous.isPresent()) {
      Optional<Lease> held = hold(previous.get().ip(), mac, now);
      if (held.isPresent()) {
        return held;
      }
    }
    Optional<Inet4Address> asked = requested.filter(a -> usable(subnet, a, excluded));
    if (asked.isPresent()) {
      Optional<Lease> held = hold(asked.get(), mac, now);
      if (held.isPresent()) {
        return held;
      }
    }
    for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
      Optional<Inet4Address> free = store.findFree(subnet.first(), subnet.last(), now, excluded);
      if (free.isEmpty()) {
        return Optional.empty();
      }
      Optional<Lease> held = hold(free.get(), mac, now);
      if (held.isPresent()) {
        return held;
      }
    }
    return Optional.empty();
  }

  /**
   * Binds {@code ip} to {@code mac} for a DHCPREQUEST, or says why not. The caller has already
   * checked that the request is for this server. The decision comes once the lease is durable
   * ({@link LeaseStore#claimLater}); refusals that need no store come at once.
   */
  public CompletionStage<Decision> request(
      Subnet subnet,
      MacAddress mac,
      Inet4Address ip,
      Optional<Inet4Address> reserved,
      Predicate<Inet4Address> excluded) {
    if (!subnet.isHost(ip)) {
      return refused(ip.getHostAddress() + " is not on network " + subnet);
    }
    Optional<Inet4Address> reservation = reserved.filter(subnet::isHost);
    if (reservation.isPresent() && !reservation.get().equals(ip)) {
      return refused("this client's reserved address is " + reservation.get().getHostAddress());
    }
    if (reservation.isEmpty() && !subnet.inRange(ip)) {
      return refused(ip.getHostAddress() + " is outside the dynamic range");
    }
    if (reservation.isEmpty() && excluded.test(ip)) {
      return refused(
          ip.getHostAddress() + " is reserved (for another host, this server or the router)");
    }
    Instant now = clock.instant();
    Lease lease = new Lease(ip, mac, now.plus(subnet.leaseTime()), Lease.State.BOUND);
    return store
        .claimLater(lease, now)
        .thenApply(
            recorded ->
                recorded
                    ? new Decision.Ack(lease)
                    : new Decision.Nak(ip.getHostAddress() + " is in use by another client"));
  }

  private static CompletionStage<Decision> refused(String reason) {
    return CompletableFuture.completedFuture(new Decision.Nak(reason));
  }

  /** DHCPRELEASE: the client gives the address back. */
  public void release(MacAddress mac, Inet4Address ip) {
    store.release(ip, mac, clock.instant());
  }

  /** The client picked another server's offer: our held address goes back to the pool. */
  public void forgetOffer(MacAddress mac) {
    store
        .byMac(mac)
        .filter(l -> l.state() == Lease.State.OFFERED)
        .ifPresent(l -> store.release(l.ip(), mac, clock.instant()));
  }

  /**
   * DHCPDECLINE: the client found the address in use (ARP). Only the client that holds it may take
   * it out of the pool, so a stray DECLINE cannot disable other clients' addresses.
   */
  public boolean decline(MacAddress mac, Inet4Address ip) {
    Optional<Lease> l = store.byIp(ip).filter(x -> x.heldBy(mac));
    if (l.isEmpty()) {
      return false;
    }
    store.quarantine(ip, clock.instant().plus(declineHold));
    return true;
  }

  private Optional<Lease> hold(Inet4Address ip, MacAddress mac, Instant now) {
    Optional<Lease> current = store.byIp(ip);
    if (current.isPresent()
        && current.get().heldBy(mac)
        && current.get().state() == Lease.State.BOUND
        && current.get().activeAt(now.plus(offerHold))) {
      // Already bound for longer than an offer would hold it: nothing to write.
      return current;
    }
    Lease offered = new Lease(ip, mac, now.plus(offerHold), Lease.State.OFFERED);
    return store.offer(offered, now) ? Optional.of(offered) : Optional.empty();
  }

  private static boolean usable(Subnet subnet, Inet4Address ip, Predicate<Inet4Address> excluded) {
    return subnet.inRange(ip) && !excluded.test(ip);
  }
}
