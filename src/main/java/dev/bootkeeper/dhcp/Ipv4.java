package dev.bootkeeper.dhcp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** IPv4 helpers: addresses as unsigned 32-bit numbers, for ranges and masks. */
public final class Ipv4 {

  public static final Inet4Address ANY = fromInt(0);
  public static final Inet4Address BROADCAST = fromInt(0xffffffff);

  private Ipv4() {}

  public static Inet4Address fromBytes(byte[] b) {
    try {
      return (Inet4Address) InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("an IPv4 address has 4 bytes", e);
    }
  }

  public static Inet4Address fromInt(int v) {
    return fromBytes(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
  }

  public static int toInt(Inet4Address a) {
    byte[] b = a.getAddress();
    return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
  }

  public static long unsigned(Inet4Address a) {
    return toInt(a) & 0xffffffffL;
  }

  public static boolean isZero(Inet4Address a) {
    return toInt(a) == 0;
  }

  /** Parses a dotted quad strictly (no host names, no DNS lookups). */
  public static Inet4Address parse(String text) {
    String t = text == null ? "" : text.trim();
    String[] parts = t.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("'" + text + "' is not an IPv4 address");
    }
    byte[] b = new byte[4];
    for (int i = 0; i < 4; i++) {
      if (!parts[i].matches("\\d{1,3}") || Integer.parseInt(parts[i]) > 255) {
        throw new IllegalArgumentException("'" + text + "' is not an IPv4 address");
      }
      b[i] = (byte) Integer.parseInt(parts[i]);
    }
    return fromBytes(b);
  }
}
