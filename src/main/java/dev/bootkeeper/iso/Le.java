package dev.bootkeeper.iso;

/** Little-endian fields; ISO 9660 writes both byte orders and the little-endian half is read. */
final class Le {

  private Le() {}

  static long u32(byte[] b, int at) {
    return (b[at] & 0xffL)
        | (b[at + 1] & 0xffL) << 8
        | (b[at + 2] & 0xffL) << 16
        | (b[at + 3] & 0xffL) << 24;
  }

  static int u16(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
  }
}
