package dev.bootkeeper.tftp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Drives one {@link Transfer} on its own UDP channel (its own port: the server's transfer ID, RFC
 * 1350 §4), connected to the client, so the kernel hands it the client's packets only; packets from
 * anyone else go to the port's other socket (see {@link ForeignTidReplier}). Everything runs on the
 * channel's event loop; a single timer per transfer follows the transfer's deadline.
 */
final class TransferSession extends SimpleChannelInboundHandler<DatagramPacket>
    implements TransferIo {

  interface Listener {
    void ended(TransferSession session, TransferResult result);
  }

  private final Channel channel;
  private final Channel strays;
  private final InetSocketAddress client;
  private final BlockSource source;
  private final TftpStats stats;
  private final Listener listener;
  private final long startedNanos = System.nanoTime();
  private Transfer transfer;
  private ScheduledFuture<?> timer;
  private long timerAt = Long.MAX_VALUE;

  /** When the first packet from the client's port arrived; 0 until then. */
  private volatile long heardNanos;

  private volatile long lastHeardNanos;

  TransferSession(
      Channel channel,
      Channel strays,
      InetSocketAddress client,
      BlockSource source,
      TftpStats stats,
      Listener listener) {
    this.channel = channel;
    this.strays = strays;
    this.client = client;
    this.source = source;
    this.stats = stats;
    this.listener = listener;
  }

  /** Starts on the channel's event loop. */
  void start(Transfer t) {
    channel
        .eventLoop()
        .execute(
            () -> {
              transfer = t;
              transfer.start();
              followDeadline();
            });
  }

  /** Ends the transfer from any thread, without sending anything more. */
  void cancel(String reason) {
    channel
        .eventLoop()
        .execute(
            () -> {
              if (transfer != null) {
                transfer.cancel(reason);
              }
            });
  }

  /** See {@link Transfer#supersede()}; callable from any thread. */
  void supersede() {
    channel
        .eventLoop()
        .execute(
            () -> {
              if (transfer != null) {
                transfer.supersede();
              }
            });
  }

  /**
   * When the client first answered this transfer (it has taken this port as the transfer ID), or 0
   * if it has not.
   */
  long heardNanos() {
    return heardNanos;
  }

  /** When the client last sent this transfer anything, or 0 if it never did. */
  long lastHeardNanos() {
    return lastHeardNanos;
  }

  /** True if the client sent this transfer something after {@code nanos}. */
  boolean heardSince(long nanos) {
    long h = lastHeardNanos;
    return h != 0 && h - nanos > 0;
  }

  /** True if the client answered this transfer before {@code nanos}. */
  boolean heardBefore(long nanos) {
    long h = heardNanos;
    return h != 0 && h - nanos < 0;
  }

  InetSocketAddress client() {
    return client;
  }

  long startedNanos() {
    return startedNanos;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
    if (transfer == null || transfer.isDone()) {
      return;
    }
    long now = System.nanoTime();
    if (heardNanos == 0) {
      heardNanos = now;
    }
    lastHeardNanos = now;
    ByteBuf in = msg.content();
    if (in.readableBytes() >= 4 && in.getUnsignedShort(in.readerIndex()) == TftpOpcode.ACK.code()) {
      // ACKs are nearly all the traffic: read the block number in place, no decoding objects.
      transfer.onAck(in.getUnsignedShort(in.readerIndex() + 2));
      followDeadline();
      return;
    }
    TftpCodec.Decoded d = TftpCodec.decode(in.nioBuffer());
    if (d instanceof TftpCodec.Decoded.Ok ok) {
      TftpPacket p = ok.packet();
      if (p instanceof TftpPacket.Ack a) {
        transfer.onAck(a.block());
      } else if (p instanceof TftpPacket.Error e) {
        transfer.onError(e.code(), e.message());
      }
    } else {
      stats.malformed.increment();
    }
    followDeadline();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // ICMP port unreachable and the like surface here; the timeout decides the transfer's fate.
  }

  @Override
  public void send(TftpPacket packet) {
    channel.writeAndFlush(Unpooled.wrappedBuffer(TftpCodec.encode(packet)), channel.voidPromise());
  }

  @Override
  public void sendData(int block, ByteBuffer payload) {
    ByteBuf buf = channel.alloc().directBuffer(4 + payload.remaining());
    buf.writeShort(TftpOpcode.DATA.code()).writeShort(block).writeBytes(payload.duplicate());
    // The channel is connected: a bare buffer goes to the client without converting its address
    // for every packet (send/sendmmsg rather than sendto).
    channel.write(buf, channel.voidPromise());
  }

  @Override
  public void flush() {
    channel.flush();
  }

  @Override
  public void read(long token, long offset, int length) {
    source.read(
        offset,
        length,
        new BlockSource.Callback() {
          @Override
          public void bytes(ByteBuffer bytes) {
            onLoop(() -> transfer.onBytes(token, bytes));
          }

          @Override
          public void failed(String reason) {
            onLoop(() -> transfer.onReadFailed(token, reason));
          }
        });
  }

  /** Runs now when already on the loop (memory sources answer at once), else hands over. */
  private void onLoop(Runnable r) {
    if (channel.eventLoop().inEventLoop()) {
      r.run();
      followDeadline();
    } else {
      channel
          .eventLoop()
          .execute(
              () -> {
                r.run();
                followDeadline();
              });
    }
  }

  @Override
  public void finished(TransferResult result) {
    stats.retransmissions.add(result.retransmissions());
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    source.close();
    strays.close();
    channel.close();
    listener.ended(this, result);
  }

  /**
   * Keeps one timer at or before the transfer's deadline. Deadlines mostly move later (each ACK
   * pushes them), so a timer that fires early just re-arms; no timer per packet.
   */
  private void followDeadline() {
    if (transfer == null) {
      return;
    }
    long deadline = transfer.deadline();
    if (deadline == Long.MAX_VALUE) {
      return;
    }
    if (timer != null && timerAt <= deadline) {
      return;
    }
    if (timer != null) {
      timer.cancel(false);
    }
    timerAt = deadline;
    timer =
        channel
            .eventLoop()
            .schedule(
                () -> {
                  timer = null;
                  timerAt = Long.MAX_VALUE;
                  transfer.onTimer();
                  followDeadline();
                },
                Math.max(0, deadline - System.nanoTime()),
                TimeUnit.NANOSECONDS);
  }
}
