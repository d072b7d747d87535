package dev.bootkeeper.nbd;

import java.time.Duration;

/** The values {@link NbdServer} runs with, so tests and tools can build one without Quarkus. */
public record NbdSettings(
    String bindAddress,
    int port,
    int maxConnections,
    int maxRequestsInFlight,
    int maxBytesInFlight,
    int ioThreads,
    Duration handshakeTimeout,
    boolean zeroCopy,
    int maxConnectionsPerAddress,
    Duration firstRequestTimeout,
    Duration keepAliveIdle) {

  /** Per-address share, first-request timeout and keep-alive as the configuration defaults. */
  public NbdSettings(
      String bindAddress,
      int port,
      int maxConnections,
      int maxRequestsInFlight,
      int maxBytesInFlight,
      int ioThreads,
      Duration handshakeTimeout,
      boolean zeroCopy) {
    this(
        bindAddress,
        port,
        maxConnections,
        maxRequestsInFlight,
        maxBytesInFlight,
        ioThreads,
        handshakeTimeout,
        zeroCopy,
        16,
        Duration.ofSeconds(30),
        Duration.ofSeconds(60));
  }

  public NbdSettings {
    if (maxConnections < 1
        || maxRequestsInFlight < 1
        || ioThreads < 1
        || maxConnectionsPerAddress < 1) {
      throw new IllegalArgumentException(
          "bootkeeper.nbd: max-connections, max-connections-per-address, max-requests-in-flight"
              + " and io-threads must be at least 1");
    }
    if (maxBytesInFlight < Nbd.MAX_PAYLOAD) {
      // One request may be as large as the announced maximum payload and must always be admitted.
      maxBytesInFlight = Nbd.MAX_PAYLOAD;
    }
  }

  public static NbdSettings from(NbdConfig c) {
    return new NbdSettings(
        c.bindAddress(),
        c.port(),
        c.maxConnections(),
        c.maxRequestsInFlight(),
        c.maxBytesInFlight(),
        c.ioThreads(),
        c.handshakeTimeout(),
        c.zeroCopy(),
        c.maxConnectionsPerAddress(),
        c.firstRequestTimeout(),
        c.keepAliveIdle());
  }

  /** Loopback on an ephemeral port with the defaults: for tests and benchmarks. */
  public static NbdSettings loopback(boolean zeroCopy) {
    return new NbdSettings("127.0.0.1", 0, 256, 32, 16 << 20, 8, Duration.ofSeconds(30), zeroCopy);
  }
}
