package dev.bootkeeper.dhcp;

import java.util.Optional;

/**
 * Turns one request into at most one reply. May block (policy, lease store): never on the event
 * loop.
 */
public interface Responder {

  Optional<Outbound> handle(Received received);
}
