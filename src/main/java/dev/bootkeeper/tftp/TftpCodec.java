package dev.bootkeeper.tftp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Decodes and encodes TFTP packets (RFC 1350 §5, RFC 2347) with plain JDK buffers. */
public final class TftpCodec {

  /**
   * RFC 2347 §2: a request carrying options must fit in 512 octets. Longer requests are refused
   * rather than partly read.
   */
  public static final int MAX_REQUEST = 512;

  /** The largest datagram this server ever needs to read: an ACK or ERROR fits easily. */
  public static final int MAX_DATAGRAM = 65_535;

  private TftpCodec() {}

  /** The outcome of decoding one datagram. */
  public sealed interface Decoded {
    record Ok(TftpPacket packet) implements Decoded {}

    /**
     * The datagram is not a valid packet.
     *
     * @param reply the error to answer with, if the sender waits for one (a request); empty when
     *     the datagram is just dropped
     */
    record Malformed(String reason, Optional<TftpPacket.Error> reply) implements Decoded {}
  }

  public static Decoded decode(ByteBuffer datagram) {
    ByteBuffer b = datagram.slice();
    if (b.remaining() < 2) {
      return drop("datagram of " + b.remaining() + " bytes, shorter than an opcode");
    }
    int code = b.getShort() & 0xffff;
    Optional<TftpOpcode> op = TftpOpcode.fromCode(code);
    if (op.isEmpty()) {
      return new Decoded.Malformed(
          "unknown opcode " + code,
          Optional.of(error(TftpErrorCode.ILLEGAL_OPERATION, "unknown opcode " + code)));
    }
    switch (op.get()) {
      case RRQ:
      case WRQ:
        return decodeRequest(op.get(), b, datagram.remaining());
      case DATA:
        if (b.remaining() < 2) {
          return drop("DATA without a block number");
        }
        return ok(new TftpPacket.Data(b.getShort() & 0xffff, b.slice()));
      case ACK:
        if (b.remaining() < 2) {
          return drop("ACK without a block number");
        }
        // Trailing bytes after the block number are tolerated: some PXE stacks pad ACKs.
        return ok(new TftpPacket.Ack(b.getShort() & 0xffff));
      case ERROR:
        if (b.remaining() < 2) {
          return drop("ERROR without an error code");
        }
        int errorCode = b.getShort() & 0xffff;
        // A missing terminating NUL in an error message is forgiven: the transfer ends either way.
        List<String> msg = strings(b);
        String text = msg.isEmpty() ? "" : msg.get(0);
        if (msg.isEmpty() && b.hasRemaining()) {
          text = StandardCharsets.UTF_8.decode(b.slice()).toString();
        }
        return ok(new TftpPacket.Error(errorCode, text));
      case OACK:
      default:
        List<String> kv = strings(b);
        Map<String, String> acked = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.size(); i += 2) {
          acked.putIfAbsent(kv.get(i).toLowerCase(Locale.ROOT), kv.get(i + 1));
        }
        return ok(new TftpPacket.OptionAck(acked));
    }
  }

  private static Decoded decodeRequest(TftpOpcode op, ByteBuffer b, int totalLength) {
    if (totalLength > MAX_REQUEST) {
      return new Decoded.Malformed(
          "request of " + totalLength + " bytes, longer than 512 (RFC 2347)",
          Optional.of(error(TftpErrorCode.ILLEGAL_OPERATION, "request too long")));
    }
    if (b.remaining() == 0 || b.get(b.limit() - 1) != 0) {
      return new Decoded.Malformed(
          "request not terminated by NUL",
          Optional.of(error(TftpErrorCode.ILLEGAL_OPERATION, "malformed request")));
    }
    List<String> parts = strings(b);
    if (parts.size() < 2 || parts.get(0).isEmpty()) {
      return new Decoded.Malformed(
          parts.isEmpty() || parts.get(0).isEmpty()
              ? "request without a file name"
              : "request without a mode",
          Optional.of(error(TftpErrorCode.ILLEGAL_OPERATION, "malformed request")));
    }
    if (op == TftpOpcode.WRQ) {
      return ok(new TftpPacket.WriteRequest(parts.get(0), parts.get(1)));
    }
    Map<String, String> options = new LinkedHashMap<>();
    // A trailing option name without a value is ignored, as tftp-hpa does.
    for (int i = 2; i + 1 < parts.size(); i += 2) {
      options.putIfAbsent(parts.get(i).toLowerCase(Locale.ROOT), parts.get(i + 1));
    }
    return ok(new TftpPacket.ReadRequest(parts.get(0), parts.get(1), options));
  }

  /** Splits NUL-terminated strings; an unterminated tail is not returned. */
  private static List<String> strings(ByteBuffer b) {
    List<String> out = new ArrayList<>();
    int start = b.position();
    for (int i = b.position(); i < b.limit(); i++) {
      if (b.get(i) == 0) {
        ByteBuffer s = b.duplicate();
        s.position(start).limit(i);
        out.add(StandardCharsets.UTF_8.decode(s).toString());
        start = i + 1;
      }
    }
    return out;
  }

  private static Decoded ok(TftpPacket p) {
    return new Decoded.Ok(p);
  }

  private static Decoded drop(String reason) {
    return new Decoded.Malformed(reason, Optional.empty());
  }

  public static TftpPacket.Error error(TftpErrorCode code, String message) {
    return new TftpPacket.Error(code.code(), message);
  }

  /** Encodes anything but DATA (DATA is written straight into a network buffer, see below). */
  public static byte[] encode(TftpPacket packet) {
    ByteBuffer b = ByteBuffer.allocate(MAX_DATAGRAM);
    if (packet instanceof TftpPacket.Ack a) {
      b.putShort((short) TftpOpcode.ACK.code()).putShort((short) a.block());
    } else if (packet instanceof TftpPacket.Error e) {
      b.putShort((short) TftpOpcode.ERROR.code()).putShort((short) e.code());
      putString(b, e.message());
    } else if (packet instanceof TftpPacket.OptionAck o) {
      b.putShort((short) TftpOpcode.OACK.code());
      o.options().forEach((k, v) -> putString(putString(b, k), v));
    } else if (packet instanceof TftpPacket.Data d) {
      writeDataHeader(b, d.block());
      b.put(d.payload().duplicate());
    } else if (packet instanceof TftpPacket.ReadRequest r) {
      b.putShort((short) TftpOpcode.RRQ.code());
      putString(putString(b, r.filename()), r.mode());
      r.options().forEach((k, v) -> putString(putString(b, k), v));
    } else if (packet instanceof TftpPacket.WriteRequest w) {
      b.putShort((short) TftpOpcode.WRQ.code());
      putString(putString(b, w.filename()), w.mode());
    }
    byte[] out = new byte[b.position()];
    b.flip().get(out);
    return out;
  }

  /** The 4-byte DATA header: opcode 3 and the 16-bit block number. */
  public static void writeDataHeader(ByteBuffer b, int block) {
    b.putShort((short) TftpOpcode.DATA.code()).putShort((short) block);
  }

  private static ByteBuffer putString(ByteBuffer b, String s) {
    b.put(s.getBytes(StandardCharsets.UTF_8)).put((byte) 0);
    return b;
  }
}
