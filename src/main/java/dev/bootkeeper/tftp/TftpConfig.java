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

  /**
   * How long the first packet of a transfer (OACK or DATA block 1) waits for the client's first
   * ACK, over all its retransmissions, before the transfer is given up. A real client answers in
   * milliseconds; a request with a forged source address never does, and would otherwise hold a
   * slot and draw retransmissions for the whole retry schedule (about 31 s and six packets with the
   * defaults). The first retransmission is always sent.
   */
  @WithDefault("5s")
  Duration firstAckTimeout();

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

  /**
   * Transfers one client address may have running at once; its further requests wait in the queue.
   * A booting machine runs one at a time (two for a moment when its firmware probes a size), so one
   * host flooding the request port cannot take the slots everyone shares.
   */
  @WithDefault("8")
  int maxTransfersPerClient();

  /**
   * Queue places one client address may hold; beyond them its requests get ERROR 0 "server busy,
   * retry", so one host cannot fill the queue either.
   */
  @WithDefault("8")
  int maxQueuedPerClient();

  /**
   * Requests per second one client address may send to the request port, on average; beyond the
   * burst they are dropped unanswered (no reply to reflect at a forged address) and counted.
   */
  @WithDefault("50")
  int requestsPerSecondPerClient();

  /**
   * Requests one client address may send at once before the per-second rate applies. A whole
   * pxelinux or GRUB boot (config probes, modules, kernel, initrd) stays well within it.
   */
  @WithDefault("100")
  int requestBurstPerClient();

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
