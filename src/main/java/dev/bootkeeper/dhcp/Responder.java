package dev.bootkeeper.dhcp;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Turns one request into at most one reply. May block (policy, lease store): never on the event
 * loop.
 */
public interface Responder {

  Optional<Outbound> handle(Received received);

  /**
   * The reply, possibly later: a responder that waits for something (a lease's commit) returns a
   * stage instead of blocking its thread, and finishes the reply on {@code continueOn}.
   */
  default CompletionStage<Optional<Outbound>> answer(Received received, Executor continueOn) {
    return CompletableFuture.completedFuture(handle(received));
  }
}
