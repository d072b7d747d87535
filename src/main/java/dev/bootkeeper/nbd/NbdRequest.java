package dev.bootkeeper.nbd;

import java.nio.ByteBuffer;

/**
 * One transmission request header: u32 magic, u16 command flags, u16 type, u64 cookie, u64 offset,
 * u32 length (followed by {@code length} bytes of payload for WRITE only).
 *
 * @param offset unsigned on the wire; kept as read, so a value with the top bit set is negative
 * @param length unsigned u32, widened
 */
record NbdRequest(int flags, int type, long cookie, long offset, long length) {

  /**
   * Reads the 28-byte header at the buffer's position and advances past it.
   *
   * @throws MalformedNbdException when the magic is not NBD_REQUEST_MAGIC (the stream is lost)
   */
  static NbdRequest decode(ByteBuffer in) {
    int magic = in.getInt();
    if (magic != Nbd.REQUEST_MAGIC) {
      throw new MalformedNbdException(String.format("request magic 0x%08x", magic));
    }
    int flags = Short.toUnsignedInt(in.getShort());
    int type = Short.toUnsignedInt(in.getShort());
    long cookie = in.getLong();
    long offset = in.getLong();
    long length = Integer.toUnsignedLong(in.getInt());
    return new NbdRequest(flags, type, cookie, offset, length);
  }
}
