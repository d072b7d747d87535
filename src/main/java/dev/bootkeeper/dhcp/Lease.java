package dev.bootkeeper.dhcp;

import dev.bootkeeper.boot.MacAddress;
import java.net.Inet4Address;
import java.time.Instant;

/**
 * An address bound to a MAC until a time. An expired lease is kept (so a returning client gets its
 * old address back while nobody else took it) but no longer blocks the address.
 *
 * @param state OFFERED while the client has not yet requested it (held for a short time), BOUND
 *     after the ACK
 */
public record Lease(Inet4Address ip, MacAddress mac, Instant expires, State state) {

  public enum State {
    OFFERED,
    BOUND
  }

  public boolean activeAt(Instant now) {
    return expires.isAfter(now);
  }

  public boolean heldBy(MacAddress other) {
    return mac.equals(other);
  }
}
