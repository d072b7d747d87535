package dev.bootkeeper.nbd;

import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.BootEventSink;
import dev.bootkeeper.boot.ClientDirectory;
import dev.bootkeeper.boot.MacAddress;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One NBD client connection: the handshake (run frame by frame on the I/O executor, because export
 * look-ups may block), then the transmission phase. READs are served concurrently, up to a
 * per-connection budget of requests and bytes; replies go out in completion order with the client's
 * cookie, which the protocol allows. Every field is touched on the channel's event loop only; I/O
 * threads hand their results back to it.
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
  private final Executor io;
  private final BootEventSink events;
  private final ClientDirectory clients;
  private final NbdStats stats;
  private final Handshake handshake;

  private ChannelHandlerContext ctx;
  private ByteBuf in;
  private Phase phase = Phase.HANDSHAKE;
  private boolean counted;
  private boolean handshakeBusy;
  private ScheduledFuture<?> handshakeTimer;
  private String ip = "?";
  private String mac;

  private NbdExport export;
  private boolean structured;
  private Transmission transmission;
  private FileChannel file;
  private int inFlight;
  private long inFlightBytes;
  private long skip;
  private Transmission.Action.Reply afterSkip;
  private boolean disconnecting;
  private long sessionBytes;
  private long startNanos;
  private String failure;

  NbdConnection(
      NbdSettings settings,
      NbdExports exports,
      Executor io,
      BootEventSink events,
      ClientDirectory clients,
      NbdStats stats) {
    this.settings = settings;
    this.io = io;
    this.events = events;
    this.clients = clients;
    this.stats = stats;
    this.handshake = new Handshake(exports);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    SocketAddress remote = ctx.channel().remoteAddress();
    if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
      InetAddress address = inet.getAddress();
      ip = address.getHostAddress();
      mac = clients.macAt(address).map(MacAddress::colon).orElse(null);
    }
    counted = true;
    int open = stats.opened();
    if (open > settings.maxConnections()) {
      stats.refused(1);
      refusedEvent("too many connections (limit " + settings.maxConnections() + ")");
      phase = Phase.CLOSED;
      ctx.close();
      return;
    }
    ctx.writeAndFlush(Unpooled.wrappedBuffer(HandshakeCodec.greeting()));
    handshakeTimer =
        ctx.executor()
            .schedule(
                () -> {
                  if (phase == Phase.HANDSHAKE) {
                    malformed("handshake not finished within " + settings.handshakeTimeout());
                  }
                },
                settings.handshakeTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
    ctx.fireChannelActive();
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
    boolean wasTransmitting = export != null;
    phase = Phase.CLOSED;
    if (in != null) {
      in.release();
      in = null;
    }
    if (handshakeTimer != null) {
      handshakeTimer.cancel(false);
    }
    closeFile();
    if (counted) {
      counted = false;
      stats.closed();
    }
    if (wasTransmitting) {
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
      String detail =
          String.format(
              Locale.ROOT,
              "export '%s': %d bytes read in %.3f s%s",
              export.name(),
              sessionBytes,
              millis / 1000.0,
              failure == null ? "" : "; " + failure);
      events.publish(
          BootEvent.now(
              mac,
              ip,
              BootEvent.Protocol.NBD,
              "disconnected",
              detail,
              failure == null ? BootEvent.Outcome.OK : BootEvent.Outcome.FAILED));
      LOG.debugf("NBD %s: %s", ip, detail);
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof IOException) {
      LOG.debugf("NBD %s: connection error: %s", ip, cause.getMessage());
    } else {
      LOG.warnf(cause, "NBD %s: unexpected error, closing the connection", ip);
    }
    if (failure == null) {
      failure = "connection error: " + cause.getMessage();
    }
    close();
  }

  /** Consumes whatever complete frames or requests are buffered, as far as the budgets allow. */
  private void process() {
    boolean progress = true;
    while (progress && phase != Phase.CLOSED && in != null && in.isReadable()) {
      progress = phase == Phase.HANDSHAKE ? stepHandshake() : stepTransmission();
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

  // ---- handshake ----

  private boolean stepHandshake() {
    // Not writable: the client is not reading its replies; wait before answering more options.
    if (handshakeBusy || !ctx.channel().isWritable()) {
      return false;
    }
    int length;
    try {
      length = handshake.frameLength(in.nioBuffer(in.readerIndex(), in.readableBytes()));
    } catch (MalformedNbdException e) {
      malformed(e.getMessage());
      return false;
    }
    if (length < 0) {
      return false;
    }
    byte[] frame = new byte[length];
    in.readBytes(frame);
    if (handshake.expectsClientFlags()) {
      // No look-up involved: answer on the event loop.
      applyHandshake(handshake.onFrame(frame), null);
      return true;
    }
    handshakeBusy = true;
    try {
      io.execute(() -> runHandshake(frame));
    } catch (RejectedExecutionException e) {
      handshakeBusy = false;
      failClosed("server busy");
      return false;
    }
    return false;
  }

  /** On an I/O thread: the option (may look the export up) and, for a GO, opening the file. */
  private void runHandshake(byte[] frame) {
    Handshake.Step step;
    FileChannel opened = null;
    try {
      step = handshake.onFrame(frame);
      if (step instanceof Handshake.Step.Transmit t) {
        opened = FileChannel.open(t.export().file(), StandardOpenOption.READ);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warnf("NBD %s: could not serve the handshake option: %s", ip, e.toString());
      step =
          new Handshake.Step.Close(
              new byte[0], Handshake.Ending.REFUSED, "export unavailable: " + e.getMessage());
    }
    Handshake.Step result = step;
    FileChannel channel = opened;
    onLoop(
        () -> {
          handshakeBusy = false;
          applyHandshake(result, channel);
          process();
        },
        () -> closeQuietly(channel));
  }

  private void applyHandshake(Handshake.Step step, FileChannel opened) {
    if (phase != Phase.HANDSHAKE) {
      closeQuietly(opened);
      return;
    }
    if (step instanceof Handshake.Step.Reply reply) {
      if (reply.bytes().length > 0) {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(reply.bytes()));
      }
    } else if (step instanceof Handshake.Step.Close close) {
      switch (close.ending()) {
        case MALFORMED -> {
          malformed(close.reason());
          return;
        }
        case REFUSED -> {
          stats.refused(1);
          refusedEvent(close.reason());
          LOG.debugf("NBD %s: refused: %s", ip, close.reason());
        }
        case ABORTED -> LOG.debugf("NBD %s: %s", ip, close.reason());
      }
      phase = Phase.CLOSED;
      ctx.writeAndFlush(Unpooled.wrappedBuffer(close.bytes()))
          .addListener(ChannelFutureListener.CLOSE);
    } else if (step instanceof Handshake.Step.Transmit transmit) {
      ctx.writeAndFlush(Unpooled.wrappedBuffer(transmit.bytes()));
      startTransmission(transmit, opened);
    }
  }

  private void startTransmission(Handshake.Step.Transmit transmit, FileChannel opened) {
    handshakeTimer.cancel(false);
    phase = Phase.TRANSMISSION;
    export = transmit.export();
    structured = transmit.structured();
    transmission = new Transmission(export.size());
    file = opened;
    startNanos = System.nanoTime();
    stats.session();
    String detail =
        String.format(
            Locale.ROOT,
            "export '%s' (%d bytes)%s",
            export.name(),
            export.size(),
            structured ? ", structured replies" : "");
    events.publish(
        BootEvent.now(
            mac, ip, BootEvent.Protocol.NBD, "connected", detail, BootEvent.Outcome.INFO));
    LOG.debugf("NBD %s: connected to %s", ip, detail);
  }

  // ---- transmission ----

  private boolean stepTransmission() {
    if (skip > 0) {
      int n = (int) Math.min(skip, in.readableBytes());
      in.skipBytes(n);
      skip -= n;
      if (skip == 0) {
        reply(afterSkip);
        afterSkip = null;
      }
      return true;
    }
    if (disconnecting) {
      in.skipBytes(in.readableBytes());
      return false;
    }
    // Replies to refused requests are not in the byte budget: stop decoding while the client is
    // not reading, so a stream of bad requests cannot grow the outbound buffer without bound.
    if (!ctx.channel().isWritable() || in.readableBytes() < Nbd.REQUEST_LENGTH) {
      return false;
    }
    NbdRequest request;
    try {
      request = NbdRequest.decode(in.nioBuffer(in.readerIndex(), Nbd.REQUEST_LENGTH));
    } catch (MalformedNbdException e) {
      malformed(e.getMessage());
      return false;
    }
    Transmission.Action action = transmission.decide(request);
    if (action instanceof Transmission.Action.Read read && !admits(read.length())) {
      // Leave the request buffered; a completion calls process() again.
      return false;
    }
    in.skipBytes(Nbd.REQUEST_LENGTH);
    if (action instanceof Transmission.Action.Read read) {
      startRead(read);
    } else if (action instanceof Transmission.Action.Reply reply) {
      if (reply.skip() > 0) {
        skip = reply.skip();
        afterSkip = reply;
      } else {
        reply(reply);
      }
    } else {
      // NBD_CMD_DISC: answer what is in flight, then close; nothing after DISC is read.
      disconnecting = true;
      in.skipBytes(in.readableBytes());
      if (inFlight == 0) {
        close();
      }
      return false;
    }
    return true;
  }

  private boolean admits(int length) {
    if (inFlight == 0) {
      return true;
    }
    return inFlight < settings.maxRequestsInFlight()
        && inFlightBytes + length <= settings.maxBytesInFlight();
  }

  private void reply(Transmission.Action.Reply reply) {
    if (reply.error() != NbdErrno.OK) {
      LOG.debugf("NBD %s: request refused with %s: %s", ip, reply.error(), reply.message());
    }
    ctx.writeAndFlush(
        Unpooled.wrappedBuffer(
            ReplyCodec.reply(structured, reply.error(), reply.cookie(), reply.message())));
  }

  private void startRead(Transmission.Action.Read read) {
    inFlight++;
    inFlightBytes += read.length();
    if (settings.zeroCopy()) {
      sendRegion(read);
      return;
    }
    FileChannel source = file;
    int prefix = prefix();
    ByteBuf buf = ctx.alloc().directBuffer(prefix + read.length());
    try {
      io.execute(() -> readInto(source, buf, prefix, read));
    } catch (RejectedExecutionException e) {
      buf.release();
      readFailed(read, "server busy");
    }
  }

  private int prefix() {
    return structured ? ReplyCodec.STRUCTURED_READ_PREFIX : ReplyCodec.SIMPLE_READ_PREFIX;
  }

  /** On an I/O thread: a positional read straight into the reply buffer, after its header. */
  private void readInto(
      FileChannel source, ByteBuf buf, int prefix, Transmission.Action.Read read) {
    String error = null;
    try {
      ByteBuffer target = buf.nioBuffer(prefix, read.length());
      long position = read.offset();
      while (target.hasRemaining()) {
        int n = source.read(target, position);
        if (n < 0) {
          throw new EOFException("the file is shorter than the export");
        }
        position += n;
      }
      ByteBuffer header = buf.nioBuffer(0, prefix);
      if (structured) {
        ReplyCodec.putOffsetDataHeader(header, read.cookie(), read.offset(), read.length());
      } else {
        ReplyCodec.putSimple(header, NbdErrno.OK, read.cookie());
      }
      buf.writerIndex(prefix + read.length());
    } catch (IOException | RuntimeException e) {
      error = e.toString();
    }
    String failed = error;
    onLoop(
        () -> {
          if (failed != null) {
            buf.release();
            readFailed(read, failed);
          } else {
            sendRead(buf, read.length());
          }
        },
        buf::release);
  }

  private void sendRead(ByteBuf buf, int length) {
    if (phase == Phase.CLOSED) {
      buf.release();
      return;
    }
    ctx.writeAndFlush(buf).addListener(f -> completed(length, f.isSuccess()));
  }

  /** Zero-copy: the header, then the file range itself (sendfile when the transport can). */
  private void sendRegion(Transmission.Action.Read read) {
    ByteBuffer header = ByteBuffer.allocate(prefix());
    if (structured) {
      ReplyCodec.putOffsetDataHeader(header, read.cookie(), read.offset(), read.length());
    } else {
      ReplyCodec.putSimple(header, NbdErrno.OK, read.cookie());
    }
    ctx.write(Unpooled.wrappedBuffer(header.array()));
    ctx.writeAndFlush(new SharedFileRegion(file, read.offset(), read.length()))
        .addListener(f -> completed(read.length(), f.isSuccess()));
  }

  private void readFailed(Transmission.Action.Read read, String reason) {
    inFlight--;
    inFlightBytes -= read.length();
    if (phase == Phase.CLOSED) {
      return;
    }
    LOG.warnf(
        "NBD %s: read of %d bytes at %d from %s failed: %s",
        ip, read.length(), read.offset(), export.file(), reason);
    reply(new Transmission.Action.Reply(read.cookie(), NbdErrno.EIO, 0, "read failed"));
    afterCompletion();
  }

  private void completed(int length, boolean success) {
    inFlight--;
    inFlightBytes -= length;
    if (success) {
      sessionBytes += length;
      stats.read(length);
    }
    afterCompletion();
  }

  private void afterCompletion() {
    if (phase == Phase.CLOSED) {
      return;
    }
    if (disconnecting && inFlight == 0) {
      close();
      return;
    }
    process();
  }

  // ---- endings ----

  private void malformed(String reason) {
    if (phase == Phase.CLOSED) {
      return;
    }
    stats.malformed(1);
    LOG.infof("NBD %s: closing the connection: %s", ip, reason);
    if (phase == Phase.HANDSHAKE) {
      refusedEvent("malformed handshake: " + reason);
    } else if (failure == null) {
      failure = "malformed request: " + reason;
    }
    close();
  }

  private void failClosed(String reason) {
    if (phase == Phase.HANDSHAKE) {
      stats.refused(1);
      refusedEvent(reason);
    } else if (failure == null) {
      failure = reason;
    }
    close();
  }

  private void refusedEvent(String reason) {
    events.publish(
        BootEvent.now(
            mac, ip, BootEvent.Protocol.NBD, "refused", reason, BootEvent.Outcome.FAILED));
  }

  private void close() {
    // channelInactive still reports the session (export != null); only further processing stops.
    phase = Phase.CLOSED;
    ctx.close();
  }

  private void closeFile() {
    closeQuietly(file);
    file = null;
  }

  /** Runs a task on this connection's event loop, or the fallback when the loop is gone. */
  private void onLoop(Runnable task, Runnable ifRejected) {
    try {
      ctx.executor().execute(task);
    } catch (RejectedExecutionException e) {
      ifRejected.run();
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        LOG.debugf("closing an export file failed: %s", e.getMessage());
      }
    }
  }

  /**
   * A file region over a channel this connection keeps open across requests; Netty's default would
   * close the channel when the region is released.
   */
  private static final class SharedFileRegion extends DefaultFileRegion {

    SharedFileRegion(FileChannel file, long position, long count) {
      super(file, position, count);
    }

    @Override
    protected void deallocate() {
      // The connection closes the file when it ends.
    }
  }
}
