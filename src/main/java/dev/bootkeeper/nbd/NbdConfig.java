package dev.bootkeeper.nbd;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the read-only NBD server ({@code bootkeeper.nbd.*}). */
@ConfigMapping(prefix = "bootkeeper.nbd")
public interface NbdConfig {

  /** Whether the NBD server runs at all. */
  @WithDefault("true")
  boolean enabled();

  /** TCP port; 10809 is the IANA port, and the only one the archiso hook can use. */
  @WithDefault("10809")
  int port();

  /** Local address to listen on; 0.0.0.0 listens on every interface. */
  @WithDefault("0.0.0.0")
  String bindAddress();

  /**
   * The ISO served as the export {@code archiso} (and as the default, unnamed export): a path
   * relative to {@code bootkeeper.images-dir}. SystemRescue's initramfs asks for this name.
   */
  @WithDefault("sysresccd.iso")
  String archisoImage();

  /** Connections served at once; further clients are closed at once and reported as refused. */
  @WithDefault("256")
  int maxConnections();

  /**
   * Connections one client address may have open at once; beyond it the address's new connections
   * are refused, so one host cannot take the whole of {@code max-connections}. nbdcopy opens four
   * connections by default (multi-conn), a booted SystemRescue one.
   */
  @WithDefault("16")
  int maxConnectionsPerAddress();

  /**
   * A connection that finished its handshake but has sent no request within this time is closed. It
   * never applies once a request was served: a mounted root filesystem may then be idle for hours
   * between reads, and is watched by TCP keep-alive instead.
   */
  @WithDefault("30s")
  Duration firstRequestTimeout();

  /**
   * Idle time after which TCP keep-alive probes an open connection (then every 10 s, 6 probes). A
   * client that is powered off or rebooted without closing its connection is noticed within a few
   * minutes and its place freed; a live but idle mount answers the probes in its kernel and stays.
   */
  @WithDefault("60s")
  Duration keepAliveIdle();

  /** Requests of one connection being served at once; more wait unread in the socket. */
  @WithDefault("32")
  int maxRequestsInFlight();

  /**
   * Bytes of read replies one connection may have between the disk and the socket; a client that
   * pipelines faster than it reads is not read from until its replies drain.
   */
  @WithDefault("16777216")
  int maxBytesInFlight();

  /** Threads doing positional file reads and export look-ups, shared by all connections. */
  @WithDefault("8")
  int ioThreads();

  /** A client that has not finished its handshake in this time is closed. */
  @WithDefault("30s")
  Duration handshakeTimeout();

  /**
   * Send READ data straight from the file to the socket (sendfile) instead of copying it through a
   * buffer read by an I/O thread. Faster when the image is in the page cache (a fresh appliance
   * over a veth: 0.89-0.92x nbdkit against 0.72-0.76x buffered); with a cold cache the disk wait
   * happens on an NBD event-loop thread, as in nginx's default sendfile.
   */
  @WithDefault("true")
  boolean zeroCopy();
}
