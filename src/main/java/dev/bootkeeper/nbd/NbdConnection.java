package dev.bootkeeper.nbd;

import dev.bootkeeper.boot.BootClient;
import dev.bootkeeper.boot.BootEventSink;
import dev.bootkeeper.boot.ClientDirectory;
import dev.bootkeeper.boot.FailureReason;
import dev.bootkeeper.boot.LogText;
import dev.bootkeeper.boot.MacAddress;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.FileChannel;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One NBD client connection: buffers what the client sends and hands it to the driver of the
 * current phase, the handshake ({@link HandshakeDriver}) then the transmission ({@link
 * TransmissionDriver}); reads stop while too much is buffered. It also owns how the connection
 * ends. Every field is touched on the channel's event loop only.
 */
final class NbdConnection extends ChannelInboundHandlerAdapter {

  private static final Logger LOG = Logger.getLogger(NbdConnection.class);

  /**
   * Unprocessed bytes buffered per connection before the socket stops being read: one maximal
   * option frame fits, and pipelined requests beyond the in-flight budget wait in the kernel.
   */
  static final int MAX_BUFFERED = 128 * 1024;

  private enum Phase {
    HANDSHAKE,
    TRANSMISSION,
    CLOSED
  }

  private final NbdSettings settings;
  private final NbdExports exports;
  private final Executor io;
  private final BootEventSink events;
  private final ClientDirectory clients;
  private final NbdStats stats;
  private final AddressShares shares;

  private ChannelHandlerContext ctx;
  private InetAddress address;
  private ScheduledFuture<?> firstRequestTimer;
  private ByteBuf in;
  private Phase phase = Phase.HANDSHAKE;
  private boolean counted;
  private String ip = "?";
  private NbdTrace trace;
  private HandshakeDriver handshake;
  private TransmissionDriver transmission;

  NbdConnection(
      NbdSettings settings,
      NbdExports exports,
      Executor io,
      BootEventSink events,
      ClientDirectory clients,
      NbdStats stats,
      AddressShares shares) {
    this.shares = shares;
    this.settings = settings;
    this.exports = exports;
    this.io = io;
    this.events = events;
    this.clients = clients;
    this.stats = stats;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    Optional<MacAddress> who = Optional.empty();
    SocketAddress remote = ctx.channel().remoteAddress();
    if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
      address = inet.getAddress();
      ip = address.getHostAddress();
      who = clients.macAt(address);
    }
    trace = new NbdTrace(events, ip, who.map(MacAddress::colon).orElse(null));
    counted = true;
    int open = stats.opened();
    if (open > settings.maxConnections()) {
      stats.refused(1);
      trace.refused(
          FailureReason.BUSY, "too many connections (limit " + settings.maxConnections() + ")");
      phase = Phase.CLOSED;
      ctx.close();
      return;
    }
    if (address != null && !shares.take(address)) {
      address = null;
      stats.refused(1);
      trace.refused(
          FailureReason.BUSY,
          "too many connections from this address (limit "
              + settings.maxConnectionsPerAddress()
              + ")");
      phase = Phase.CLOSED;
      ctx.close();
      return;
    }
    if (who.isPresent() || address == null) {
      begin(who);
    } else {
      identifyThenBegin(address);
    }
    ctx.fireChannelActive();
  }

  /**
   * This node's DHCP did not see the address: another node's may have (several appliances on one
   * database), which takes a query, so it is asked off the event loop. The greeting waits for the
   * answer (in the newstyle handshake the server speaks first), and whatever the client sends
   * meanwhile stays buffered.
   */
  private void identifyThenBegin(InetAddress from) {
    Runnable ask =
        () -> {
          Optional<MacAddress> found = clients.identifyFirmly(BootClient.at(from)).mac();
          onLoop(() -> begin(found), () -> {});
        };
    try {
      io.execute(ask);
    } catch (RejectedExecutionException e) {
      begin(Optional.empty());
    }
  }

  /** Greets the client, filed under {@code who}, and handles what it has sent already. */
  private void begin(Optional<MacAddress> who) {
    if (phase == Phase.CLOSED) {
      return;
    }
    trace = new NbdTrace(events, ip, who.map(MacAddress::colon).orElse(null));
    handshake =
        new HandshakeDriver(this, ctx, settings, exports.forClient(who), io, stats, trace, ip);
    handshake.begin();
    process();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf buf = (ByteBuf) msg;
    if (phase == Phase.CLOSED) {
      buf.release();
      return;
    }
    in = in == null ? buf : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), in, buf);
    process();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    process();
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    phase = Phase.CLOSED;
    if (in != null) {
      in.release();
      in = null;
    }
    if (handshake != null) {
      handshake.stop();
    }
    if (transmission != null) {
      transmission.closeFile();
    }
    if (counted) {
      counted = false;
      stats.closed();
    }
    if (address != null) {
      shares.give(address);
      address = null;
    }
    if (firstRequestTimer != null) {
      firstRequestTimer.cancel(false);
    }
    if (transmission != null) {
      transmission.report(trace);
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof IOException) {
      LOG.debugf("NBD %s: connection error: %s", ip, LogText.of(cause.getMessage()));
    } else {
      LOG.warnf(cause, "NBD %s: unexpected error, closing the connection", ip);
    }
    if (transmission != null) {
      transmission.failed(FailureReason.CLIENT_ABORTED, "connection error: " + cause.getMessage());
    }
    close();
  }

  /** Consumes whatever complete frames or requests are buffered, as far as the budgets allow. */
  void process() {
    boolean progress = true;
    while (progress && phase != Phase.CLOSED && in != null && in.isReadable()) {
      if (phase == Phase.HANDSHAKE && handshake == null) {
        // Still finding out who the client is: what it sent waits.
        break;
      }
      progress = phase == Phase.HANDSHAKE ? handshake.step(in) : transmission.step(in);
    }
    if (in != null) {
      if (!in.isReadable()) {
        in.release();
        in = null;
      } else {
        in.discardSomeReadBytes();
      }
    }
    if (phase != Phase.CLOSED) {
      boolean read = in == null || in.readableBytes() < MAX_BUFFERED;
      if (ctx.channel().config().isAutoRead() != read) {
        ctx.channel().config().setAutoRead(read);
      }
    }
  }

  boolean inHandshake() {
    return phase == Phase.HANDSHAKE;
  }

  boolean isClosed() {
    return phase == Phase.CLOSED;
  }

  /** The handshake chose an export: requests from now on are transmission requests. */
  void startTransmission(Handshake.Step.Transmit transmit, FileChannel opened) {
    handshake.stop();
    phase = Phase.TRANSMISSION;
    transmission = new TransmissionDriver(this, ctx, settings, io, stats, ip, transmit, opened);
    stats.session();
    trace.connected(transmission.export(), transmission.structured());
    firstRequestTimer =
        ctx.executor()
            .schedule(
                this::closeIfNoRequest,
                settings.firstRequestTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
  }

  /**
   * A connection that finished its handshake and then sent nothing holds a place for no client: it
   * is closed. One that sent a request is a real client (a mounted root filesystem may then sit
   * idle for hours) and is never closed for idleness; TCP keep-alive notices if its peer is gone.
   */
  private void closeIfNoRequest() {
    if (phase == Phase.TRANSMISSION && transmission.requests() == 0) {
      stats.idleClosed(1);
      transmission.failed(
          FailureReason.TIMEOUT,
          "no request within "
              + settings.firstRequestTimeout().toSeconds()
              + " s of the handshake");
      close();
    }
  }

  /** The client broke the protocol: close, counted as malformed. */
  void malformed(String reason) {
    if (phase == Phase.CLOSED) {
      return;
    }
    stats.malformed(1);
    // The boot event's log line says it (throttled under a flood); this one is for debugging.
    LOG.debugf("NBD %s: closing the connection: %s", ip, LogText.of(reason));
    if (phase == Phase.HANDSHAKE) {
      trace.refused(FailureReason.BAD_REQUEST, "malformed handshake: " + reason);
    } else {
      transmission.failed(FailureReason.BAD_REQUEST, "malformed request: " + reason);
    }
    close();
  }

  /** The server cannot go on with this connection (no I/O capacity): close it. */
  void fail(FailureReason reason, String text) {
    if (phase == Phase.HANDSHAKE) {
      stats.refused(1);
      trace.refused(reason, text);
    } else {
      transmission.failed(reason, text);
    }
    close();
  }

  /** Sends the handshake's last bytes, then closes. */
  void closeAfter(byte[] bytes) {
    phase = Phase.CLOSED;
    ctx.writeAndFlush(Unpooled.wrappedBuffer(bytes)).addListener(ChannelFutureListener.CLOSE);
  }

  void close() {
    // channelInactive still reports the session; only further processing stops.
    phase = Phase.CLOSED;
    ctx.close();
  }

  /** Runs a task on this connection's event loop, or the fallback when the loop is gone. */
  void onLoop(Runnable task, Runnable ifRejected) {
    try {
      ctx.executor().execute(task);
    } catch (RejectedExecutionException e) {
      ifRejected.run();
    }
  }
}
