package dev.bootkeeper.nbd;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the open connections of each client address, so one address cannot take more than its
 * share of the server's connections. Shared by every event loop of the server, hence concurrent.
 */
final class AddressShares {

  private final int perAddress;
  private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

  AddressShares(int perAddress) {
    this.perAddress = perAddress;
  }

  /** Takes one place for {@code address}; false (and nothing taken) when its share is used up. */
  boolean take(InetAddress address) {
    boolean[] taken = {false};
    open.compute(
        address,
        (a, n) -> {
          int now = n == null ? 0 : n;
          if (now >= perAddress) {
            return n;
          }
          taken[0] = true;
          return now + 1;
        });
    return taken[0];
  }

  /** Gives back a place taken by {@link #take}; the address is forgotten at zero. */
  void give(InetAddress address) {
    open.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
  }

  int openFrom(InetAddress address) {
    return open.getOrDefault(address, 0);
  }
}
