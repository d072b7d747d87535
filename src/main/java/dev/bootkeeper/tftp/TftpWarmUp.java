package dev.bootkeeper.tftp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Fetches the start of one boot file through the running TFTP server over loopback before the
 * appliance says it is ready, the ways firmware does: blksize 1468 with windowsize 16 (RFC 7440),
 * blksize 1468 in lock-step, and blksize 512 (RFC 1350). Each transfer stops after {@link #LIMIT}
 * bytes with an ERROR from the client (RFC 1350 §7 lets either side end a transfer so). A single
 * client of a just-started appliance otherwise got 0.6-0.9x of atftpd's speed, all of it Java code
 * not yet compiled.
 */
public final class TftpWarmUp {

  /** Bytes fetched per transfer at most. */
  static final long LIMIT = 4L << 20;

  /** How often a lost answer is asked for again before the warm-up gives up. */
  static final int RETRIES = 3;

  private static final int RRQ = 1;
  private static final int DATA = 3;
  private static final int ACK = 4;
  private static final int ERROR = 5;
  private static final int OACK = 6;

  /** What the warm-up did. */
  public record Result(int transfers, long blocks, long bytes, Duration took) {}

  private record Options(int blksize, int windowsize) {}

  private static final Options[] TRANSFERS = {
    new Options(1468, 16), new Options(1468, 1), new Options(512, 1)
  };

  private TftpWarmUp() {}

  /**
   * @param server where the TFTP server listens (a loopback address)
   * @param file the file's name as a client asks for it
   * @param max the warm-up stops after this long
   */
  public static Result run(InetSocketAddress server, String file, Duration max) throws IOException {
    long start = System.nanoTime();
    long deadline = start + max.toNanos();
    int transfers = 0;
    long blocks = 0;
    long bytes = 0;
    for (Options o : TRANSFERS) {
      if (System.nanoTime() > deadline) {
        break;
      }
      long[] got = fetch(server, file, o, deadline);
      blocks += got[0];
      bytes += got[1];
      transfers++;
    }
    return new Result(transfers, blocks, bytes, Duration.ofNanos(System.nanoTime() - start));
  }

  /** One transfer: returns {blocks, bytes}. */
  private static long[] fetch(InetSocketAddress server, String file, Options o, long deadline)
      throws IOException {
    try (DatagramSocket socket =
        new DatagramSocket(new InetSocketAddress(server.getAddress(), 0))) {
      socket.setSoTimeout(1000);
      byte[] rrq = rrq(file, o);
      socket.send(new DatagramPacket(rrq, rrq.length, server));
      byte[] buf = new byte[4 + o.blksize()];
      DatagramPacket in = new DatagramPacket(buf, buf.length);
      InetSocketAddress peer = null;
      int blksize = 512;
      int window = 1;
      int expected = 1;
      long blocks = 0;
      long bytes = 0;
      int retries = 0;
      byte[] lastAck = null;
      while (System.nanoTime() < deadline) {
        try {
          socket.receive(in);
        } catch (SocketTimeoutException e) {
          if (++retries > RETRIES) {
            throw new IOException("TFTP warm-up: no answer from " + server);
          }
          if (lastAck != null) {
            socket.send(new DatagramPacket(lastAck, lastAck.length, peer));
          } else {
            socket.send(new DatagramPacket(rrq, rrq.length, server));
          }
          continue;
        }
        retries = 0;
        ByteBuffer b = ByteBuffer.wrap(buf, 0, in.getLength());
        int opcode = b.getShort() & 0xffff;
        InetSocketAddress from = (InetSocketAddress) in.getSocketAddress();
        if (peer == null) {
          peer = from;
        } else if (!peer.equals(from)) {
          continue;
        }
        if (opcode == ERROR) {
          throw new IOException("TFTP warm-up: the server refused " + file);
        }
        if (opcode == OACK) {
          int[] accepted = accepted(b, o);
          blksize = accepted[0];
          window = accepted[1];
          lastAck = ack(0);
          socket.send(new DatagramPacket(lastAck, lastAck.length, peer));
          continue;
        }
        if (opcode != DATA) {
          continue;
        }
        int block = b.getShort() & 0xffff;
        int length = b.remaining();
        if (block != (expected & 0xffff)) {
          // A block out of order: ask again from the last one received (RFC 7440 §4).
          if (lastAck != null) {
            socket.send(new DatagramPacket(lastAck, lastAck.length, peer));
          }
          continue;
        }
        expected++;
        blocks++;
        bytes += length;
        boolean last = length < blksize;
        if (last || bytes >= LIMIT) {
          byte[] end = last ? ack(block) : error("warm-up done");
          socket.send(new DatagramPacket(end, end.length, peer));
          return new long[] {blocks, bytes};
        }
        if (blocks % window == 0) {
          lastAck = ack(block);
          socket.send(new DatagramPacket(lastAck, lastAck.length, peer));
        }
      }
      if (peer != null) {
        byte[] end = error("warm-up out of time");
        socket.send(new DatagramPacket(end, end.length, peer));
      }
      return new long[] {blocks, bytes};
    }
  }

  private static byte[] rrq(String file, Options o) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(RRQ);
    for (String s :
        new String[] {
          file,
          "octet",
          "blksize",
          Integer.toString(o.blksize()),
          "windowsize",
          Integer.toString(o.windowsize())
        }) {
      out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
      out.write(0);
    }
    return out.toByteArray();
  }

  /** The blksize and windowsize the server accepted (RFC 2347: it may lower or leave out any). */
  private static int[] accepted(ByteBuffer b, Options asked) {
    int blksize = 512;
    int window = 1;
    String[] parts =
        new String(b.array(), b.position(), b.remaining(), StandardCharsets.US_ASCII).split("\0");
    for (int i = 0; i + 1 < parts.length; i += 2) {
      if (parts[i].equalsIgnoreCase("blksize")) {
        blksize = Math.min(asked.blksize(), Integer.parseInt(parts[i + 1]));
      } else if (parts[i].equalsIgnoreCase("windowsize")) {
        window = Math.max(1, Integer.parseInt(parts[i + 1]));
      }
    }
    return new int[] {blksize, window};
  }

  private static byte[] ack(int block) {
    return new byte[] {0, ACK, (byte) (block >> 8), (byte) block};
  }

  private static byte[] error(String message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0, ERROR, 0, 0});
    out.writeBytes(message.getBytes(StandardCharsets.US_ASCII));
    out.write(0);
    return out.toByteArray();
  }
}
