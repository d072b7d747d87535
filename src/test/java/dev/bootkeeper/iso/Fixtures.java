package dev.bootkeeper.iso;

import java.nio.charset.StandardCharsets;

/** Hand edits of ISO bytes: the way to make the images no tool would write. */
public final class Fixtures {

  private Fixtures() {}

  /** Offset of the root directory record inside the primary volume descriptor. */
  static int rootRecord() {
    return 16 * 2048 + 156;
  }

  /** The start of the first directory record whose plain ISO 9660 name is {@code name}. */
  static int record(byte[] iso, String name) {
    byte[] n = name.getBytes(StandardCharsets.US_ASCII);
    outer:
    for (int i = 18 * 2048; i + n.length < iso.length; i++) {
      for (int j = 0; j < n.length; j++) {
        if (iso[i + j] != n[j]) {
          continue outer;
        }
      }
      if ((iso[i - 1] & 0xff) == n.length && (iso[i - 33] & 0xff) >= 33 + n.length) {
        return i - 33;
      }
    }
    throw new AssertionError("no record named " + name);
  }

  /** A both-endian 32-bit field (ECMA-119 §7.3.3). */
  static void both32(byte[] b, int at, long v) {
    for (int i = 0; i < 4; i++) {
      b[at + i] = (byte) (v >>> (8 * i));
      b[at + 7 - i] = (byte) (v >>> (8 * i));
    }
  }

  /** A UDF volume recognition sequence (ECMA-167 §2/9) and no ISO 9660 descriptor at all. */
  public static byte[] udfOnly() {
    byte[] image = new byte[300 * 2048];
    String[] ids = {"BEA01", "NSR02", "TEA01"};
    for (int i = 0; i < ids.length; i++) {
      int at = (16 + i) * 2048;
      image[at] = 0;
      byte[] id = ids[i].getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(id, 0, image, at + 1, 5);
      image[at + 6] = 1;
    }
    return image;
  }
}
