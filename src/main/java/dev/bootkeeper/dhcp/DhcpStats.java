package dev.bootkeeper.dhcp;

import java.util.concurrent.atomic.LongAdder;

/** Counters for the API and for tests. */
public final class DhcpStats {
  private final LongAdder received = new LongAdder();
  private final LongAdder malformed = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder ignored = new LongAdder();
  private final LongAdder replies = new LongAdder();

  void received() {
    received.increment();
  }

  void malformed() {
    malformed.increment();
  }

  /** Not answered because of load (work queue full) or a send error. */
  void dropped() {
    dropped.increment();
  }

  /** Well-formed but not for us (another server's client, not a PXE client in proxy mode, …). */
  void ignored() {
    ignored.increment();
  }

  void replied() {
    replies.increment();
  }

  public long packets() {
    return received.sum();
  }

  public long malformedPackets() {
    return malformed.sum();
  }

  public long droppedPackets() {
    return dropped.sum();
  }

  public long ignoredPackets() {
    return ignored.sum();
  }

  public long repliesSent() {
    return replies.sum();
  }

  @Override
  public String toString() {
    return "packets="
        + packets()
        + " malformed="
        + malformedPackets()
        + " dropped="
        + droppedPackets()
        + " ignored="
        + ignoredPackets()
        + " replies="
        + repliesSent();
  }
}
