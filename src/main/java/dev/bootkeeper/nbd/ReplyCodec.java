package dev.bootkeeper.nbd;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Transmission reply headers, simple and structured ("Simple reply message", "Structured reply
 * chunk").
 */
final class ReplyCodec {

  /** Bytes before the data of a successful READ reply. */
  static final int SIMPLE_READ_PREFIX = Nbd.SIMPLE_REPLY_LENGTH;

  static final int STRUCTURED_READ_PREFIX = Nbd.STRUCTURED_HEADER_LENGTH + 8;

  private ReplyCodec() {}

  /** u32 magic, u32 error, u64 cookie. */
  static void putSimple(ByteBuffer out, NbdErrno error, long cookie) {
    out.putInt(Nbd.SIMPLE_REPLY_MAGIC).putInt(error.code).putLong(cookie);
  }

  /**
   * The one and final chunk of a successful READ: NBD_REPLY_TYPE_OFFSET_DATA with DONE, payload u64
   * offset then the data; writes the 28 bytes before the data.
   */
  static void putOffsetDataHeader(ByteBuffer out, long cookie, long offset, int length) {
    out.putInt(Nbd.STRUCTURED_REPLY_MAGIC)
        .putShort((short) Nbd.REPLY_FLAG_DONE)
        .putShort((short) Nbd.REPLY_TYPE_OFFSET_DATA)
        .putLong(cookie)
        .putInt(8 + length)
        .putLong(offset);
  }

  /** The whole reply to a request without data (FLUSH) or one that failed. */
  static byte[] reply(boolean structured, NbdErrno error, long cookie, String message) {
    if (!structured) {
      ByteBuffer b = ByteBuffer.allocate(Nbd.SIMPLE_REPLY_LENGTH);
      putSimple(b, error, cookie);
      return b.array();
    }
    if (error == NbdErrno.OK) {
      return ByteBuffer.allocate(Nbd.STRUCTURED_HEADER_LENGTH)
          .putInt(Nbd.STRUCTURED_REPLY_MAGIC)
          .putShort((short) Nbd.REPLY_FLAG_DONE)
          .putShort((short) Nbd.REPLY_TYPE_NONE)
          .putLong(cookie)
          .putInt(0)
          .array();
    }
    byte[] text = message.getBytes(StandardCharsets.UTF_8);
    if (text.length > Nbd.MAX_STRING) {
      text = Arrays.copyOf(text, Nbd.MAX_STRING);
    }
    // NBD_REPLY_TYPE_ERROR: u32 error, u16 message length, message.
    return ByteBuffer.allocate(Nbd.STRUCTURED_HEADER_LENGTH + 6 + text.length)
        .putInt(Nbd.STRUCTURED_REPLY_MAGIC)
        .putShort((short) Nbd.REPLY_FLAG_DONE)
        .putShort((short) Nbd.REPLY_TYPE_ERROR)
        .putLong(cookie)
        .putInt(6 + text.length)
        .putInt(error.code)
        .putShort((short) text.length)
        .put(text)
        .array();
  }
}
