package dev.bootkeeper.tftp;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the TFTP server. */
@ConfigMapping(prefix = "bootkeeper.tftp")
public interface TftpConfig {

  /** Whether the TFTP server runs at all. */
  @WithDefault("true")
  boolean enabled();

  /** UDP port for read requests; 69 is privileged and needs CAP_NET_BIND_SERVICE. */
  @WithDefault("69")
  int port();

  /** Address to listen on; 0.0.0.0 listens on every interface. */
  @WithDefault("0.0.0.0")
  String bindAddress();

  /**
   * Largest block size granted (RFC 2348 allows 8..65464). 1468 keeps each DATA datagram within a
   * 1500-byte Ethernet MTU, so nothing is fragmented.
   */
  @WithDefault("1468")
  int maxBlksize();

  /** Largest RFC 7440 window (blocks sent per ACK) granted. */
  @WithDefault("64")
  int maxWindowsize();

  /**
   * First retransmission timeout when the client does not negotiate one (RFC 2349); it doubles on
   * each retry, up to eight times this value.
   */
  @WithDefault("1s")
  Duration timeout();

  /** Retransmissions without progress before a transfer is given up. */
  @WithDefault("5")
  int retries();

  /** Transfers served at once; further clients wait in a queue. */
  @WithDefault("500")
  int maxTransfers();

  /**
   * Clients allowed to wait for a free transfer slot. Beyond it, a client gets ERROR 0 "server
   * busy, retry".
   */
  @WithDefault("1000")
  int maxQueued();

  /** How long a client may wait in the queue before it gets ERROR 0 "server busy, retry". */
  @WithDefault("30s")
  Duration queueTimeout();

  /** Memory for caching whole files that many clients fetch (boot loaders, kernels, initrds). */
  @WithDefault("268435456")
  long cacheBytes();

  /** Files larger than this are streamed from disk instead of cached. */
  @WithDefault("134217728")
  long cacheMaxFileBytes();

  /** Threads that read files and look paths up, so the event loops never block on disk. */
  @WithDefault("4")
  int ioThreads();
}
