package dev.bootkeeper.dhcp;

import dev.bootkeeper.boot.MacAddress;
import java.net.Inet4Address;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The offers this appliance has sent whose rows the lease writer has not yet committed. An OFFER
 * commits nothing (RFC 2131 §4.3.1: the server only "should" keep the address for the client, and
 * the client's DHCPREQUEST is what binds it, durably, before the ACK), so the server sends it as
 * soon as the address is held here, instead of waiting for a commit. Until the row lands, this map
 * is what keeps a second client from being offered the same address, and what tells the client's
 * next DISCOVER (a retransmission, or a new exchange of a client in a hurry) which address it was
 * offered: without it, each DISCOVER before the row lands would hold one more address for the same
 * client, and a boot storm drained the pool in its first second.
 */
final class OffersInFlight {

  /**
   * One held address. Ending a hold takes away only that hold: a newer offer of the address (the
   * same client again, later expiry) stays until its own row is written.
   */
  record Hold(Inet4Address ip, MacAddress mac, Instant until) {}

  private final ConcurrentHashMap<Inet4Address, Hold> byIp = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<MacAddress, Hold> byMac = new ConcurrentHashMap<>();

  /**
   * Holds the offer's address for its client, unless another client's unexpired offer holds it.
   *
   * @return the hold, to {@link #end} once the row is written; null when another client holds it
   */
  Hold hold(Lease offer, Instant now) {
    Hold mine = new Hold(offer.ip(), offer.mac(), offer.expires());
    Hold current =
        byIp.compute(
            offer.ip(),
            (ip, held) ->
                held != null && !held.mac().equals(offer.mac()) && held.until().isAfter(now)
                    ? held
                    : mine);
    if (current != mine) {
      return null;
    }
    Hold previous = byMac.put(offer.mac(), mine);
    if (previous != null && !previous.ip().equals(mine.ip())) {
      // The client's earlier offer of another address is over: one address per client.
      removeExactly(byIp, previous.ip(), previous);
    }
    return mine;
  }

  /**
   * The newest offer in flight for this client, as a lease: newer than any row of the client (its
   * row, once written, replaces the client's other rows).
   */
  Optional<Lease> offeredTo(MacAddress mac) {
    Hold h = byMac.get(mac);
    return h == null
        ? Optional.empty()
        : Optional.of(new Lease(h.ip(), h.mac(), h.until(), Lease.State.OFFERED));
  }

  /** Whether another client's unexpired offer, not yet written, holds this address. */
  boolean heldForAnother(Inet4Address ip, MacAddress mac, Instant now) {
    Hold h = byIp.get(ip);
    return h != null && !h.mac().equals(mac) && h.until().isAfter(now);
  }

  /** Whether {@code hold} is still its client's newest offer, not ended and not claimed. */
  boolean current(Hold hold) {
    return byMac.get(hold.mac()) == hold && byIp.get(hold.ip()) == hold;
  }

  /**
   * The client claims an address (its REQUEST): its newest offer is no longer its lease and will
   * not be written, since the claim's row replaces every other row of the client. The offer's
   * address stays held until the claim is committed ({@link #end} the returned hold then), so that
   * no other client is offered it in between.
   *
   * @return the client's newest offer, or null
   */
  Hold claiming(MacAddress mac) {
    return byMac.remove(mac);
  }

  /** Whether an offer not yet written holds this address at {@code now}. */
  boolean held(Inet4Address ip, Instant now) {
    Hold h = byIp.get(ip);
    return h != null && h.until().isAfter(now);
  }

  /** The row is written (or lost its race): the database speaks for the address again. */
  void end(Hold hold) {
    removeExactly(byIp, hold.ip(), hold);
    removeExactly(byMac, hold.mac(), hold);
  }

  /**
   * Removes this very hold: two offers of one address to one client may be equal as values (same
   * expiry), and ending the older must not end the newer.
   */
  private static <K> void removeExactly(ConcurrentHashMap<K, Hold> map, K key, Hold hold) {
    map.computeIfPresent(key, (k, held) -> held == hold ? null : held);
  }

  /** Offers not yet written (for tests and the warm-up). */
  int size() {
    return byIp.size();
  }
}
