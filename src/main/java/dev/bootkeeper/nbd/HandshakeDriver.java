package dev.bootkeeper.nbd;

import dev.bootkeeper.boot.FailureReason;
import dev.bootkeeper.boot.LogText;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Drives the fixed-newstyle handshake of one connection: the greeting, a deadline for the whole
 * handshake, then one {@link Handshake} frame at a time. Option frames run on the I/O executor,
 * because export look-ups and opening the export file may block; the client flags are answered on
 * the event loop. Touched on the connection's event loop only.
 */
final class HandshakeDriver {

  private static final Logger LOG = Logger.getLogger(NbdConnection.class);

  private final NbdConnection connection;
  private final ChannelHandlerContext ctx;
  private final NbdSettings settings;
  private final Executor io;
  private final NbdStats stats;
  private final NbdTrace trace;
  private final Handshake handshake;
  private final String ip;

  /** An option frame is on the I/O executor: the next one waits for its answer. */
  private boolean busy;

  private ScheduledFuture<?> timer;

  HandshakeDriver(
      NbdConnection connection,
      ChannelHandlerContext ctx,
      NbdSettings settings,
      NbdExports exports,
      Executor io,
      NbdStats stats,
      NbdTrace trace,
      String ip) {
    this.connection = connection;
    this.ctx = ctx;
    this.settings = settings;
    this.io = io;
    this.stats = stats;
    this.trace = trace;
    this.handshake = new Handshake(exports);
    this.ip = ip;
  }

  /** Sends the greeting and starts the handshake's deadline. */
  void begin() {
    ctx.writeAndFlush(Unpooled.wrappedBuffer(HandshakeCodec.greeting()));
    timer =
        ctx.executor()
            .schedule(
                () -> {
                  if (connection.inHandshake()) {
                    connection.malformed(
                        "handshake not finished within " + settings.handshakeTimeout());
                  }
                },
                settings.handshakeTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
  }

  /** The handshake is over, one way or the other: its deadline no longer applies. */
  void stop() {
    if (timer != null) {
      timer.cancel(false);
    }
  }

  /**
   * Takes the next complete frame from {@code in}, if any.
   *
   * @return whether more buffered input may be processed now
   */
  boolean step(ByteBuf in) {
    // Not writable: the client is not reading its replies; wait before answering more options.
    if (busy || !ctx.channel().isWritable()) {
      return false;
    }
    int length;
    try {
      length = handshake.frameLength(in.nioBuffer(in.readerIndex(), in.readableBytes()));
    } catch (MalformedNbdException e) {
      connection.malformed(e.getMessage());
      return false;
    }
    if (length < 0) {
      return false;
    }
    byte[] frame = new byte[length];
    in.readBytes(frame);
    if (handshake.expectsClientFlags()) {
      // No look-up involved: answer on the event loop.
      apply(handshake.onFrame(frame), null);
      return true;
    }
    busy = true;
    try {
      io.execute(() -> runOption(frame));
    } catch (RejectedExecutionException e) {
      busy = false;
      connection.fail(FailureReason.BUSY, "server busy");
      return false;
    }
    return false;
  }

  /** On an I/O thread: the option (may look the export up) and, for a GO, opening the file. */
  private void runOption(byte[] frame) {
    Handshake.Step step;
    FileChannel opened = null;
    try {
      step = handshake.onFrame(frame);
      if (step instanceof Handshake.Step.Transmit t) {
        opened = FileChannel.open(t.export().file(), StandardOpenOption.READ);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warnf("NBD %s: could not serve the handshake option: %s", ip, LogText.of(e.toString()));
      step =
          new Handshake.Step.Close(
              new byte[0], Handshake.Ending.UNAVAILABLE, "export unavailable: " + e.getMessage());
    }
    Handshake.Step result = step;
    FileChannel channel = opened;
    connection.onLoop(
        () -> {
          busy = false;
          apply(result, channel);
          connection.process();
        },
        () -> ExportFiles.closeQuietly(channel));
  }

  private void apply(Handshake.Step step, FileChannel opened) {
    if (!connection.inHandshake()) {
      ExportFiles.closeQuietly(opened);
      return;
    }
    if (step instanceof Handshake.Step.Reply reply) {
      if (reply.bytes().length > 0) {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(reply.bytes()));
      }
    } else if (step instanceof Handshake.Step.Close close) {
      switch (close.ending()) {
        case MALFORMED -> {
          connection.malformed(close.reason());
          return;
        }
        case REFUSED, UNAVAILABLE -> {
          stats.refused(1);
          trace.refused(
              close.ending() == Handshake.Ending.REFUSED
                  ? FailureReason.NOT_FOUND
                  : FailureReason.IO_ERROR,
              close.reason());
          LOG.debugf("NBD %s: refused: %s", ip, LogText.of(close.reason()));
        }
        case ABORTED -> LOG.debugf("NBD %s: %s", ip, LogText.of(close.reason()));
      }
      connection.closeAfter(close.bytes());
    } else if (step instanceof Handshake.Step.Transmit transmit) {
      ctx.writeAndFlush(Unpooled.wrappedBuffer(transmit.bytes()));
      connection.startTransmission(transmit, opened);
    }
  }
}
