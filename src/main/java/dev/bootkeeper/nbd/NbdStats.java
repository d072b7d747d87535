package dev.bootkeeper.nbd;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of the NBD server, readable from any thread. */
public final class NbdStats {

  private final AtomicLong connections = new AtomicLong();
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicLong sessions = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong bytesRead = new AtomicLong();
  private final AtomicLong idleClosed = new AtomicLong();

  /** Connections accepted since start. */
  public long connections() {
    return connections.get();
  }

  /** Connections open now. */
  public int active() {
    return active.get();
  }

  /** Handshakes that reached the transmission phase. */
  public long sessions() {
    return sessions.get();
  }

  /** Connections closed because the client broke the protocol (or never finished the handshake). */
  public long malformed() {
    return malformed.get();
  }

  /** Connections refused: unknown export on EXPORT_NAME, or too many connections. */
  public long refused() {
    return refused.get();
  }

  /** Connections closed because they sent no request after the handshake. */
  public long idleClosed() {
    return idleClosed.get();
  }

  /** Export bytes sent to clients. */
  public long bytesRead() {
    return bytesRead.get();
  }

  int opened() {
    connections.incrementAndGet();
    return active.incrementAndGet();
  }

  void closed() {
    active.decrementAndGet();
  }

  void session() {
    sessions.incrementAndGet();
  }

  void malformed(int n) {
    malformed.addAndGet(n);
  }

  void refused(int n) {
    refused.addAndGet(n);
  }

  void idleClosed(int n) {
    idleClosed.addAndGet(n);
  }

  void read(long bytes) {
    bytesRead.addAndGet(bytes);
  }
}
