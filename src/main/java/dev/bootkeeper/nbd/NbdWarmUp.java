package dev.bootkeeper.nbd;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Reads from one export through the running server over loopback before the appliance says it is
 * ready, as its clients would: handshake (fixed newstyle, NBD_OPT_GO), then pipelined READs. A
 * machine that mounts its root filesystem right after a power cut otherwise meets an interpreter:
 * the first 512 MiB copy cost the server 950 ms of CPU, the third 360 ms, and the first ran at half
 * the speed.
 *
 * <p>Two connections, one per kind of client, because the compiled read path is only as good as the
 * replies it has seen: the Linux kernel's client (simple replies, mostly 4 KiB reads) and libnbd's
 * (nbdcopy, qemu: structured replies, 256 KiB reads, 64 in flight). Warmed with simple replies
 * alone, the read path was compiled without the structured branch and thrown away by the first
 * nbdcopy, which then paid for its recompilation (0.15 s of compiler time in its first copy).
 *
 * <p>Only the first {@link #SPAN} bytes of the export are read, again and again, so the warm-up
 * costs one pass of disk reads at most. The protocol is the NBD specification's ("Fixed newstyle
 * negotiation", "Transmission phase", "Structured reply chunk").
 */
public final class NbdWarmUp {

  /** The kernel's client: simple replies, mostly 4 KiB reads, every eighth 256 KiB. */
  static final Shape KERNEL = new Shape(false, 4_000, 16, 4096, 8);

  /** libnbd's (nbdcopy): structured replies, 256 KiB reads, 64 in flight. */
  static final Shape LIBNBD = new Shape(true, 4_000, 64, 256 << 10, 1);

  /** READs sent at most over both connections. */
  static final int READS = KERNEL.reads() + LIBNBD.reads();

  /** The part of the export read: the same pages over and over. */
  static final long SPAN = 32L << 20;

  private static final int LARGEST = 256 << 10;

  private static final long IHAVEOPT = 0x49484156454F5054L;
  private static final long OPTION_REPLY_MAGIC = 0x0003e889045565a9L;
  private static final int REQUEST_MAGIC = 0x25609513;
  private static final int SIMPLE_REPLY_MAGIC = 0x67446698;
  private static final int STRUCTURED_REPLY_MAGIC = 0x668e33ef;
  private static final int FLAG_C_FIXED_NEWSTYLE = 1;
  private static final int FLAG_C_NO_ZEROES = 2;
  private static final int OPT_GO = 7;
  private static final int OPT_STRUCTURED_REPLY = 8;
  private static final int REP_ACK = 1;
  private static final int REPLY_FLAG_DONE = 1;
  private static final int REPLY_TYPE_OFFSET_DATA = 1;
  private static final int CMD_READ = 0;
  private static final int CMD_DISC = 2;

  /**
   * How one kind of client reads.
   *
   * @param structured asks for structured replies
   * @param reads READs sent at most
   * @param depth requests in flight
   * @param length the usual read's length
   * @param largeEvery every this many reads one is {@link #LARGEST} instead (1: all are)
   */
  record Shape(boolean structured, int reads, int depth, int length, int largeEvery) {

    int length(int n, long span) {
      return (int) Math.min(n % largeEvery == largeEvery - 1 ? LARGEST : length, span);
    }
  }

  /** What the warm-up did. */
  public record Result(int reads, long bytes, Duration took) {}

  private NbdWarmUp() {}

  /**
   * @param server where the NBD server listens (a loopback address)
   * @param export the export's name and size
   * @param max the warm-up stops sending after this long; every read waits at most this long
   */
  public static Result run(InetSocketAddress server, NbdExport export, Duration max)
      throws IOException {
    long start = System.nanoTime();
    long deadline = start + max.toNanos();
    long span = Math.min(SPAN, export.size());
    if (span <= 0) {
      return new Result(0, 0, Duration.ZERO);
    }
    // The first connection may take half the time, so that a slow machine still warms both.
    Read kernel = run(server, export.name(), span, KERNEL, start + max.toNanos() / 2, max);
    Read libnbd = run(server, export.name(), span, LIBNBD, deadline, max);
    int reads = kernel.reads() + libnbd.reads();
    long bytes = kernel.bytes() + libnbd.bytes();
    return new Result(reads, bytes, Duration.ofNanos(System.nanoTime() - start));
  }

  /** What one connection read. */
  private record Read(int reads, long bytes) {}

  private static Read run(
      InetSocketAddress server, String export, long span, Shape shape, long deadline, Duration max)
      throws IOException {
    try (Socket socket = new Socket()) {
      int timeout = (int) Math.max(1, max.toMillis());
      socket.connect(server, timeout);
      socket.setSoTimeout(timeout);
      socket.setTcpNoDelay(true);
      DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
      DataOutputStream out =
          new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
      handshake(in, out, export, shape.structured());
      byte[] data = new byte[LARGEST];
      int sent = 0;
      int done = 0;
      long bytes = 0;
      while (done < sent || (sent < shape.reads() && System.nanoTime() < deadline)) {
        while (sent - done < shape.depth()
            && sent < shape.reads()
            && System.nanoTime() < deadline) {
          int length = shape.length(sent, span);
          long offset = (sent * 4096L) % (span - length + 1);
          request(out, CMD_READ, sent, offset, length);
          sent++;
        }
        out.flush();
        bytes +=
            shape.structured()
                ? readChunk(in, sent, span, shape, data)
                : readReply(in, sent, span, shape, data);
        done++;
      }
      request(out, CMD_DISC, sent, 0, 0);
      out.flush();
      return new Read(done, bytes);
    }
  }

  private static void handshake(
      DataInputStream in, DataOutputStream out, String export, boolean structured)
      throws IOException {
    in.readLong();
    if (in.readLong() != IHAVEOPT) {
      throw new IOException("not a newstyle NBD server");
    }
    in.readUnsignedShort();
    out.writeInt(FLAG_C_FIXED_NEWSTYLE | FLAG_C_NO_ZEROES);
    if (structured) {
      out.writeLong(IHAVEOPT);
      out.writeInt(OPT_STRUCTURED_REPLY);
      out.writeInt(0);
      out.flush();
      awaitAck(in, "structured replies");
    }
    byte[] name = export.getBytes(StandardCharsets.UTF_8);
    out.writeLong(IHAVEOPT);
    out.writeInt(OPT_GO);
    out.writeInt(4 + name.length + 2);
    out.writeInt(name.length);
    out.write(name);
    out.writeShort(0);
    out.flush();
    awaitAck(in, "export " + export);
  }

  /** Reads option replies (NBD_REP_INFO and the like) up to the NBD_REP_ACK. */
  private static void awaitAck(DataInputStream in, String what) throws IOException {
    for (int replies = 0; replies < 16; replies++) {
      if (in.readLong() != OPTION_REPLY_MAGIC) {
        throw new IOException("bad option reply");
      }
      in.readInt();
      int type = in.readInt();
      in.skipNBytes(in.readInt() & 0xffffffffL);
      if (type == REP_ACK) {
        return;
      }
      if (type < 0) {
        throw new IOException("the server refused " + what + " (reply " + type + ")");
      }
    }
    throw new IOException("no NBD_REP_ACK for " + what);
  }

  private static void request(DataOutputStream out, int type, long cookie, long offset, int length)
      throws IOException {
    out.writeInt(REQUEST_MAGIC);
    out.writeShort(0);
    out.writeShort(type);
    out.writeLong(cookie);
    out.writeLong(offset);
    out.writeInt(length);
  }

  /**
   * One simple reply and its data; returns the data's length. Replies may come in any order (the
   * server reads on several threads): the cookie, the request's number, says which it answers.
   */
  private static int readReply(DataInputStream in, int sent, long span, Shape shape, byte[] data)
      throws IOException {
    int magic = in.readInt();
    int error = in.readInt();
    long cookie = in.readLong();
    if (magic != SIMPLE_REPLY_MAGIC || error != 0) {
      throw new IOException(
          "READ failed: magic " + Integer.toHexString(magic) + ", error " + error);
    }
    int length = expected(cookie, sent, span, shape);
    in.readFully(data, 0, length);
    return length;
  }

  /**
   * One structured reply to a READ: the server answers each in a single NBD_REPLY_TYPE_OFFSET_DATA
   * chunk flagged DONE (it offers NBD_CMD_FLAG_DF); anything else is a failure here.
   */
  private static int readChunk(DataInputStream in, int sent, long span, Shape shape, byte[] data)
      throws IOException {
    int magic = in.readInt();
    int flags = in.readUnsignedShort();
    int type = in.readUnsignedShort();
    long cookie = in.readLong();
    int payload = in.readInt();
    if (magic != STRUCTURED_REPLY_MAGIC
        || type != REPLY_TYPE_OFFSET_DATA
        || (flags & REPLY_FLAG_DONE) == 0) {
      throw new IOException(
          "READ failed: magic " + Integer.toHexString(magic) + ", chunk type " + type);
    }
    int length = expected(cookie, sent, span, shape);
    if (payload != 8 + length) {
      throw new IOException("a chunk of " + payload + " bytes for a READ of " + length);
    }
    in.readLong();
    in.readFully(data, 0, length);
    return length;
  }

  /** The length the request numbered {@code cookie} asked for. */
  private static int expected(long cookie, int sent, long span, Shape shape) throws IOException {
    if (cookie < 0 || cookie >= sent) {
      throw new IOException("a reply to no request: cookie " + cookie);
    }
    return shape.length((int) cookie, span);
  }
}
