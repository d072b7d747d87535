package dev.bootkeeper.nbd;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Byte-level pieces of the fixed-newstyle handshake; pure functions over byte arrays. */
final class HandshakeCodec {

  static final int CLIENT_FLAGS_LENGTH = 4;
  static final int OPTION_HEADER_LENGTH = 16;

  private HandshakeCodec() {}

  /** S: NBDMAGIC, IHAVEOPT, u16 handshake flags (FIXED_NEWSTYLE | NO_ZEROES). */
  static byte[] greeting() {
    return ByteBuffer.allocate(18)
        .putLong(Nbd.NBDMAGIC)
        .putLong(Nbd.IHAVEOPT)
        .putShort((short) (Nbd.FLAG_FIXED_NEWSTYLE | Nbd.FLAG_NO_ZEROES))
        .array();
  }

  /**
   * The length of the complete option frame at the buffer's position (header plus data), or -1 when
   * more bytes are needed. Does not move the position.
   *
   * @throws MalformedNbdException on a wrong magic or an implausible length
   */
  static int optionFrameLength(ByteBuffer in) {
    if (in.remaining() < OPTION_HEADER_LENGTH) {
      return -1;
    }
    int p = in.position();
    long magic = in.getLong(p);
    if (magic != Nbd.IHAVEOPT) {
      throw new MalformedNbdException(
          String.format("option header magic 0x%016x, expected IHAVEOPT", magic));
    }
    long length = Integer.toUnsignedLong(in.getInt(p + 12));
    if (length > Nbd.MAX_OPTION_DATA) {
      throw new MalformedNbdException(
          "option " + in.getInt(p + 8) + " announces " + length + " bytes of data");
    }
    int frame = OPTION_HEADER_LENGTH + (int) length;
    return in.remaining() >= frame ? frame : -1;
  }

  /** S: option reply header + data. */
  static byte[] optionReply(int option, OptionReply type, byte[] data) {
    return ByteBuffer.allocate(20 + data.length)
        .putLong(Nbd.OPTION_REPLY_MAGIC)
        .putInt(option)
        .putInt(type.code)
        .putInt(data.length)
        .put(data)
        .array();
  }

  static byte[] errorReply(int option, OptionReply type, String message) {
    return optionReply(option, type, message.getBytes(StandardCharsets.UTF_8));
  }

  /** NBD_REP_SERVER payload: u32 name length, name, description. */
  static byte[] serverReply(int option, NbdExport export) {
    byte[] name = export.name().getBytes(StandardCharsets.UTF_8);
    byte[] description = export.description().getBytes(StandardCharsets.UTF_8);
    byte[] data =
        ByteBuffer.allocate(4 + name.length + description.length)
            .putInt(name.length)
            .put(name)
            .put(description)
            .array();
    return optionReply(option, OptionReply.SERVER, data);
  }

  /** NBD_REP_INFO / NBD_INFO_EXPORT: u16 type 0, u64 size, u16 transmission flags. */
  static byte[] infoExport(int option, long size, int transmissionFlags) {
    byte[] data =
        ByteBuffer.allocate(12)
            .putShort((short) InfoType.EXPORT.code)
            .putLong(size)
            .putShort((short) transmissionFlags)
            .array();
    return optionReply(option, OptionReply.INFO, data);
  }

  /** NBD_INFO_NAME or NBD_INFO_DESCRIPTION: u16 type, the string. */
  static byte[] infoString(int option, InfoType type, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    byte[] data =
        ByteBuffer.allocate(2 + bytes.length).putShort((short) type.code).put(bytes).array();
    return optionReply(option, OptionReply.INFO, data);
  }

  /** NBD_INFO_BLOCK_SIZE: u16 type 3, u32 minimum, u32 preferred, u32 maximum payload. */
  static byte[] infoBlockSize(int option) {
    byte[] data =
        ByteBuffer.allocate(14)
            .putShort((short) InfoType.BLOCK_SIZE.code)
            .putInt(Nbd.MIN_BLOCK)
            .putInt(Nbd.PREFERRED_BLOCK)
            .putInt(Nbd.MAX_PAYLOAD)
            .array();
    return optionReply(option, OptionReply.INFO, data);
  }

  /**
   * The reply to NBD_OPT_EXPORT_NAME: no option-reply header, u64 size, u16 transmission flags,
   * then 124 zero bytes unless the client asked for NO_ZEROES.
   */
  static byte[] exportNameReply(long size, int transmissionFlags, boolean noZeroes) {
    return ByteBuffer.allocate(10 + (noZeroes ? 0 : 124))
        .putLong(size)
        .putShort((short) transmissionFlags)
        .array();
  }

  /**
   * The data of NBD_OPT_INFO / NBD_OPT_GO: u32 name length, name, u16 count, count × u16 info
   * types. Null when the lengths do not add up exactly.
   */
  static InfoRequest parseInfoRequest(byte[] data) {
    if (data.length < 6) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(data);
    long nameLength = Integer.toUnsignedLong(b.getInt());
    if (nameLength > Nbd.MAX_STRING || nameLength > data.length - 6) {
      return null;
    }
    byte[] name = new byte[(int) nameLength];
    b.get(name);
    int count = Short.toUnsignedInt(b.getShort());
    if (b.remaining() != count * 2) {
      return null;
    }
    int[] types = new int[count];
    for (int i = 0; i < count; i++) {
      types[i] = Short.toUnsignedInt(b.getShort());
    }
    return new InfoRequest(new String(name, StandardCharsets.UTF_8), types);
  }

  record InfoRequest(String name, int[] infoTypes) {

    boolean asks(InfoType type) {
      for (int t : infoTypes) {
        if (t == type.code) {
          return true;
        }
      }
      return false;
    }
  }
}
