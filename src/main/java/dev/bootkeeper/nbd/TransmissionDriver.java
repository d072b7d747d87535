package dev.bootkeeper.nbd;

import dev.bootkeeper.boot.FailureReason;
import dev.bootkeeper.boot.LogText;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Drives the transmission phase of one connection on one export. READs are served concurrently, up
 * to a per-connection budget of requests and bytes; replies go out in completion order with the
 * client's cookie, which the protocol allows (NBD protocol, "Transmission phase"). Every field is
 * touched on the connection's event loop only; I/O threads hand their results back to it.
 */
final class TransmissionDriver {

  private static final Logger LOG = Logger.getLogger(NbdConnection.class);

  private final NbdConnection connection;
  private final ChannelHandlerContext ctx;
  private final NbdSettings settings;
  private final Executor io;
  private final NbdStats stats;
  private final String ip;
  private final NbdExport export;
  private final boolean structured;
  private final Transmission transmission;
  private final long startNanos = System.nanoTime();

  private FileChannel file;
  private int inFlight;
  private long inFlightBytes;

  /** Payload bytes of a refused WRITE still to be read and dropped before its reply. */
  private long skip;

  private Transmission.Action.Reply afterSkip;
  private boolean disconnecting;
  private long requests;
  private long sessionBytes;
  private String failure;
  private FailureReason failureReason;

  TransmissionDriver(
      NbdConnection connection,
      ChannelHandlerContext ctx,
      NbdSettings settings,
      Executor io,
      NbdStats stats,
      String ip,
      Handshake.Step.Transmit transmit,
      FileChannel file) {
    this.connection = connection;
    this.ctx = ctx;
    this.settings = settings;
    this.io = io;
    this.stats = stats;
    this.ip = ip;
    this.export = transmit.export();
    this.structured = transmit.structured();
    this.transmission = new Transmission(export.size());
    this.file = file;
  }

  NbdExport export() {
    return export;
  }

  boolean structured() {
    return structured;
  }

  /** Requests the client sent in this session so far. */
  long requests() {
    return requests;
  }

  /** Why the session ends early; the first reason given is the one reported. */
  void failed(FailureReason reason, String text) {
    if (failure == null) {
      failure = text;
      failureReason = reason;
    }
  }

  /** The connection is gone: closes the export file. */
  void closeFile() {
    ExportFiles.closeQuietly(file);
    file = null;
  }

  /** Reports the session's end with what it read. */
  void report(NbdTrace trace) {
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    trace.disconnected(export, sessionBytes, millis, failureReason, failure);
  }

  /**
   * Takes the next request from {@code in}, if any, within the in-flight budget.
   *
   * @return whether more buffered input may be processed now
   */
  boolean step(ByteBuf in) {
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
      connection.malformed(e.getMessage());
      return false;
    }
    Transmission.Action action = transmission.decide(request);
    if (action instanceof Transmission.Action.Read read && !admits(read.length())) {
      // Leave the request buffered; a completion processes the input again.
      return false;
    }
    in.skipBytes(Nbd.REQUEST_LENGTH);
    requests++;
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
        connection.close();
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
      LOG.debugf(
          "NBD %s: request refused with %s: %s", ip, reply.error(), LogText.of(reply.message()));
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
      long position = export.offset() + read.offset();
      while (target.hasRemaining()) {
        int n = source.read(target, position);
        if (n < 0) {
          throw new EOFException("the file is shorter than the export");
        }
        position += n;
      }
      putReadHeader(buf.nioBuffer(0, prefix), read);
      buf.writerIndex(prefix + read.length());
    } catch (IOException | RuntimeException e) {
      error = e.toString();
    }
    String failed = error;
    connection.onLoop(
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

  private void putReadHeader(ByteBuffer header, Transmission.Action.Read read) {
    if (structured) {
      ReplyCodec.putOffsetDataHeader(header, read.cookie(), read.offset(), read.length());
    } else {
      ReplyCodec.putSimple(header, NbdErrno.OK, read.cookie());
    }
  }

  private void sendRead(ByteBuf buf, int length) {
    if (connection.isClosed()) {
      buf.release();
      return;
    }
    ctx.writeAndFlush(buf).addListener(f -> completed(length, f.isSuccess()));
  }

  /** Zero-copy: the header, then the file range itself (sendfile when the transport can). */
  private void sendRegion(Transmission.Action.Read read) {
    ByteBuffer header = ByteBuffer.allocate(prefix());
    putReadHeader(header, read);
    ctx.write(Unpooled.wrappedBuffer(header.array()));
    ctx.writeAndFlush(new SharedFileRegion(file, export.offset() + read.offset(), read.length()))
        .addListener(f -> completed(read.length(), f.isSuccess()));
  }

  private void readFailed(Transmission.Action.Read read, String reason) {
    inFlight--;
    inFlightBytes -= read.length();
    if (connection.isClosed()) {
      return;
    }
    LOG.warnf(
        "NBD %s: read of %d bytes at %d from %s failed: %s",
        ip, read.length(), read.offset(), LogText.of(export.file()), LogText.of(reason));
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
    if (connection.isClosed()) {
      return;
    }
    if (disconnecting && inFlight == 0) {
      connection.close();
      return;
    }
    connection.process();
  }
}
