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
 * ready, as a client would: handshake (fixed newstyle, NBD_OPT_GO), then pipelined READs. A machine
 * that mounts its root filesystem right after a power cut otherwise meets an interpreter: the first
 * 512 MiB copy cost the server 950 ms of CPU, the third 360 ms, and the first ran at half the
 * speed.
 *
 * <p>Only the first {@link #SPAN} bytes of the export are read, again and again, so the warm-up
 * costs one pass of disk reads at most. The protocol is the NBD specification's ("Fixed newstyle
 * negotiation", "Transmission phase"); simple replies, since no structured reply is asked for.
 */
public final class NbdWarmUp {

  /** READs sent at most: about what C2 needs to compile the read path. */
  static final int READS = 6_000;

  /** Requests in flight, as nbdcopy keeps several. */
  static final int DEPTH = 16;

  /** The part of the export read: the same pages over and over. */
  static final long SPAN = 32L << 20;

  private static final int SMALLEST = 4096;
  private static final int LARGEST = 256 << 10;

  private static final long IHAVEOPT = 0x49484156454F5054L;
  private static final long OPTION_REPLY_MAGIC = 0x0003e889045565a9L;
  private static final int REQUEST_MAGIC = 0x25609513;
  private static final int SIMPLE_REPLY_MAGIC = 0x67446698;
  private static final int FLAG_C_FIXED_NEWSTYLE = 1;
  private static final int FLAG_C_NO_ZEROES = 2;
  private static final int OPT_GO = 7;
  private static final int REP_ACK = 1;
  private static final int CMD_READ = 0;
  private static final int CMD_DISC = 2;

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
    try (Socket socket = new Socket()) {
      int timeout = (int) Math.max(1, max.toMillis());
      socket.connect(server, timeout);
      socket.setSoTimeout(timeout);
      socket.setTcpNoDelay(true);
      DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
      DataOutputStream out =
          new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
      handshake(in, out, export.name());
      byte[] data = new byte[LARGEST];
      int sent = 0;
      int done = 0;
      long bytes = 0;
      while (done < sent || (sent < READS && System.nanoTime() < deadline)) {
        while (sent - done < DEPTH && sent < READS && System.nanoTime() < deadline) {
          int length = length(sent, span);
          long offset = (sent * (long) SMALLEST) % (span - length + 1);
          request(out, CMD_READ, sent, offset, length);
          sent++;
        }
        out.flush();
        bytes += readReply(in, sent, span, data);
        done++;
      }
      request(out, CMD_DISC, sent, 0, 0);
      out.flush();
      return new Result(done, bytes, Duration.ofNanos(System.nanoTime() - start));
    }
  }

  /** Mostly 4 KiB reads (the kernel's nbd client), every eighth 256 KiB (nbdcopy's). */
  private static int length(int n, long span) {
    return (int) Math.min(n % 8 == 7 ? LARGEST : SMALLEST, span);
  }

  private static void handshake(DataInputStream in, DataOutputStream out, String export)
      throws IOException {
    in.readLong();
    if (in.readLong() != IHAVEOPT) {
      throw new IOException("not a newstyle NBD server");
    }
    in.readUnsignedShort();
    byte[] name = export.getBytes(StandardCharsets.UTF_8);
    out.writeInt(FLAG_C_FIXED_NEWSTYLE | FLAG_C_NO_ZEROES);
    out.writeLong(IHAVEOPT);
    out.writeInt(OPT_GO);
    out.writeInt(4 + name.length + 2);
    out.writeInt(name.length);
    out.write(name);
    out.writeShort(0);
    out.flush();
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
        throw new IOException("the server refused export " + export + " (reply " + type + ")");
      }
    }
    throw new IOException("no NBD_REP_ACK for export " + export);
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
  private static int readReply(DataInputStream in, int sent, long span, byte[] data)
      throws IOException {
    int magic = in.readInt();
    int error = in.readInt();
    long cookie = in.readLong();
    if (magic != SIMPLE_REPLY_MAGIC || error != 0) {
      throw new IOException(
          "READ failed: magic " + Integer.toHexString(magic) + ", error " + error);
    }
    if (cookie < 0 || cookie >= sent) {
      throw new IOException("a reply to no request: cookie " + cookie);
    }
    int length = length((int) cookie, span);
    in.readFully(data, 0, length);
    return length;
  }
}
