package dev.bootkeeper.dhcp;

import dev.bootkeeper.boot.MacAddress;
import java.net.Inet4Address;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * Where leases live. The allocator relies on three guarantees, which a transactional implementation
 * gets from one unique constraint on the address and one on the MAC:
 *
 * <ol>
 *   <li>{@link #claim} is atomic: of two clients claiming one address, exactly one wins, and the
 *       loser sees {@code false} (never two clients on one address).
 *   <li>A successful {@link #claim} is durable when it returns (committed, fsync'd): the server
 *       sends the ACK only afterwards, so a crash cannot hand a bound address out twice. Offers
 *       ({@link #offer}) may be written behind the OFFER.
 *   <li>A MAC holds at most one lease: claiming a new address drops the MAC's previous one in the
 *       same transaction.
 * </ol>
 *
 * Calls may block (disk, database); the DHCP server calls them off the event loop.
 */
public interface LeaseStore {

  /** This MAC's lease, active or expired. */
  Optional<Lease> byMac(MacAddress mac);

  /** The lease on this address, active or expired. */
  Optional<Lease> byIp(Inet4Address ip);

  /**
   * Records {@code lease}, unless another MAC holds an active lease on the address or the address
   * is quarantined at {@code now}. Returns whether the lease was recorded.
   */
  boolean claim(Lease lease, Instant now);

  /**
   * {@link #claim} without waiting for it: the stage completes with its result once the claim is
   * durable, so that the caller's thread can serve other clients meanwhile.
   */
  default CompletionStage<Boolean> claimLater(Lease lease, Instant now) {
    return CompletableFuture.completedFuture(claim(lease, now));
  }

  /**
   * Whether {@link #offer} and {@link #claimLater} return without waiting for a commit: the threads
   * that call this store then only compute and read in process, and a few per core keep them busy.
   */
  default boolean answersWithoutWaiting() {
    return false;
  }

  /**
   * Runs the writes that claiming {@code leases} takes and undoes them, so that the first claims of
   * a boot storm meet prepared code; nothing is stored. The leases' addresses and MACs must be ones
   * no client has. A store without such a cost does nothing.
   */
  default void rehearseClaims(List<Lease> leases, Instant now) {}

  /**
   * Holds {@code lease} (state OFFERED) for a DHCPOFFER under the same rules as {@link #claim},
   * except that it need not be durable when it returns: an offer binds nothing (RFC 2131 §4.3.1),
   * and a client that REQUESTs it after a crash is ACKed or NAKed by the claim then. A store may
   * write it behind the answer, but must not hold one address for two clients meanwhile.
   */
  default boolean offer(Lease lease, Instant now) {
    return claim(lease, now);
  }

  /**
   * An address in {@code [first, last]} that, at {@code now}, no active lease holds, is not
   * quarantined and is not {@code excluded}. Addresses never leased are preferred to expired ones,
   * so returning clients keep theirs as long as possible. A hint only: {@link #claim} decides.
   */
  Optional<Inet4Address> findFree(
      Inet4Address first, Inet4Address last, Instant now, Predicate<Inet4Address> excluded);

  /**
   * Ends {@code mac}'s lease on {@code ip} now (DHCPRELEASE, offer not taken); keeps the record.
   */
  void release(Inet4Address ip, MacAddress mac, Instant now);

  /** Marks an address unusable until {@code until} (DHCPDECLINE) and drops its lease. */
  void quarantine(Inet4Address ip, Instant until);

  /** Every lease record, for the API and the dashboard. */
  List<Lease> all();

  /** How many addresses a client holds at {@code now} (offered or bound, not yet expired). */
  long countActive(Instant now);
}
