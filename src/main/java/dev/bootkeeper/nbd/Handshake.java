package dev.bootkeeper.nbd;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The server side of the fixed-newstyle handshake, one complete frame at a time (the client flags,
 * then one option per frame). Pure: it looks exports up through {@link NbdExports} (which may
 * block, so callers run it off the event loop) and returns the bytes to send and what to do next.
 */
final class Handshake {

  /** What the connection does after a frame. */
  sealed interface Step {
    /** Bytes to send (maybe none); the handshake continues. */
    record Reply(byte[] bytes) implements Step {}

    /** Send the bytes, then enter the transmission phase on {@code export}. */
    record Transmit(byte[] bytes, NbdExport export, boolean structured) implements Step {}

    /** Send the bytes (maybe none), then close the connection. */
    record Close(byte[] bytes, Ending ending, String reason) implements Step {}
  }

  enum Ending {
    /** The client said goodbye (NBD_OPT_ABORT). */
    ABORTED,
    /** The client asked for an export that does not exist and could only be told by a close. */
    REFUSED,
    /** The client broke the protocol. */
    MALFORMED,
    /** The export exists but could not be opened; set by the driver, never by the handshake. */
    UNAVAILABLE
  }

  private final NbdExports exports;
  private boolean flagsReceived;
  private boolean noZeroes;
  private boolean structured;

  Handshake(NbdExports exports) {
    this.exports = exports;
  }

  /** Whether the next frame is the 4-byte client flags rather than an option. */
  boolean expectsClientFlags() {
    return !flagsReceived;
  }

  /**
   * The length of the next complete frame at the buffer's position, or -1 when more is needed.
   *
   * @throws MalformedNbdException when the bytes cannot be an option header
   */
  int frameLength(ByteBuffer in) {
    if (!flagsReceived) {
      return in.remaining() >= HandshakeCodec.CLIENT_FLAGS_LENGTH
          ? HandshakeCodec.CLIENT_FLAGS_LENGTH
          : -1;
    }
    return HandshakeCodec.optionFrameLength(in);
  }

  /** Consumes one complete frame as delimited by {@link #frameLength}. */
  Step onFrame(byte[] frame) {
    ByteBuffer b = ByteBuffer.wrap(frame);
    if (!flagsReceived) {
      flagsReceived = true;
      int flags = b.getInt();
      if ((flags & ~Nbd.KNOWN_CLIENT_FLAGS) != 0) {
        // "Client flags": a server that sees an unknown bit MUST close.
        return close(Ending.MALFORMED, String.format("unknown client flags 0x%08x", flags));
      }
      noZeroes = (flags & Nbd.CLIENT_NO_ZEROES) != 0;
      return new Step.Reply(new byte[0]);
    }
    b.getLong();
    int option = b.getInt();
    byte[] data = new byte[b.getInt()];
    b.get(data);
    Optional<NbdOption> known = NbdOption.fromCode(option);
    if (known.isEmpty()) {
      return unsupported(option);
    }
    return switch (known.get()) {
      case EXPORT_NAME -> exportName(data);
      case ABORT ->
          new Step.Close(
              HandshakeCodec.optionReply(option, OptionReply.ACK, new byte[0]),
              Ending.ABORTED,
              "client aborted the handshake");
      case LIST -> list(option, data);
      case INFO, GO -> infoOrGo(option, known.get() == NbdOption.GO, data);
      case STRUCTURED_REPLY -> structuredReply(option, data);
      default -> unsupported(option);
    };
  }

  private Step exportName(byte[] data) {
    String name = new String(data, StandardCharsets.UTF_8);
    if (data.length > Nbd.MAX_STRING) {
      return close(Ending.MALFORMED, "export name of " + data.length + " bytes");
    }
    Optional<NbdExport> export = lookup(name);
    if (export.isEmpty()) {
      // NBD_OPT_EXPORT_NAME has no error reply: closing is the only way to say no.
      return close(Ending.REFUSED, "unknown export '" + name + "'");
    }
    byte[] reply =
        HandshakeCodec.exportNameReply(export.get().size(), transmissionFlags(), noZeroes);
    return new Step.Transmit(reply, export.get(), structured);
  }

  private Step list(int option, byte[] data) {
    if (data.length != 0) {
      return new Step.Reply(
          HandshakeCodec.errorReply(option, OptionReply.ERR_INVALID, "LIST takes no data"));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (NbdExport export : exports.list()) {
      out.writeBytes(HandshakeCodec.serverReply(option, export));
    }
    out.writeBytes(HandshakeCodec.optionReply(option, OptionReply.ACK, new byte[0]));
    return new Step.Reply(out.toByteArray());
  }

  private Step infoOrGo(int option, boolean go, byte[] data) {
    HandshakeCodec.InfoRequest request = HandshakeCodec.parseInfoRequest(data);
    if (request == null) {
      return new Step.Reply(
          HandshakeCodec.errorReply(
              option,
              OptionReply.ERR_INVALID,
              "malformed INFO/GO data of " + data.length + " bytes"));
    }
    Optional<NbdExport> found = lookup(request.name());
    if (found.isEmpty()) {
      return new Step.Reply(
          HandshakeCodec.errorReply(
              option, OptionReply.ERR_UNKNOWN, "no export named '" + request.name() + "'"));
    }
    NbdExport export = found.get();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // NBD_INFO_EXPORT is always sent; the others only when asked for.
    out.writeBytes(HandshakeCodec.infoExport(option, export.size(), transmissionFlags()));
    if (request.asks(InfoType.NAME)) {
      out.writeBytes(HandshakeCodec.infoString(option, InfoType.NAME, export.name()));
    }
    if (request.asks(InfoType.DESCRIPTION) && !export.description().isEmpty()) {
      out.writeBytes(HandshakeCodec.infoString(option, InfoType.DESCRIPTION, export.description()));
    }
    if (request.asks(InfoType.BLOCK_SIZE)) {
      out.writeBytes(HandshakeCodec.infoBlockSize(option));
    }
    out.writeBytes(HandshakeCodec.optionReply(option, OptionReply.ACK, new byte[0]));
    return go
        ? new Step.Transmit(out.toByteArray(), export, structured)
        : new Step.Reply(out.toByteArray());
  }

  private Step structuredReply(int option, byte[] data) {
    if (data.length != 0) {
      return new Step.Reply(
          HandshakeCodec.errorReply(
              option, OptionReply.ERR_INVALID, "STRUCTURED_REPLY takes no data"));
    }
    structured = true;
    return new Step.Reply(HandshakeCodec.optionReply(option, OptionReply.ACK, new byte[0]));
  }

  private static Step unsupported(int option) {
    return new Step.Reply(
        HandshakeCodec.errorReply(
            option, OptionReply.ERR_UNSUP, "option " + option + " is not supported"));
  }

  private Optional<NbdExport> lookup(String name) {
    return exports.find(name.isEmpty() ? Nbd.DEFAULT_EXPORT : name);
  }

  /**
   * Every export is immutable, so several connections may share it (CAN_MULTI_CONN) and a flush is
   * a harmless no-op (SEND_FLUSH). DF is offered once structured replies are agreed, because a READ
   * is always answered in one chunk.
   */
  int transmissionFlags() {
    int flags = Nbd.TX_HAS_FLAGS | Nbd.TX_READ_ONLY | Nbd.TX_SEND_FLUSH | Nbd.TX_CAN_MULTI_CONN;
    return structured ? flags | Nbd.TX_SEND_DF : flags;
  }

  private static Step close(Ending ending, String reason) {
    return new Step.Close(new byte[0], ending, reason);
  }
}
