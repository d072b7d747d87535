package dev.bootkeeper.tftp;

import java.io.ByteArrayOutputStream;

/**
 * RFC 1350 netascii (RFC 764): a bare LF becomes CR LF and a bare CR becomes CR NUL. The size of
 * the result is only known after conversion, which is why tsize is not offered in this mode.
 */
public final class Netascii {

  private Netascii() {}

  public static byte[] encode(byte[] in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + in.length / 16 + 16);
    for (byte b : in) {
      if (b == '\n') {
        out.write('\r');
        out.write('\n');
      } else if (b == '\r') {
        out.write('\r');
        out.write(0);
      } else {
        out.write(b);
      }
    }
    return out.toByteArray();
  }
}
