package dev.bootkeeper.boot;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IPv4 addresses: strict dotted-quad parsing that never touches DNS, and addresses as unsigned
 * 32-bit numbers for ranges and masks. Leading zeros are refused ({@code 010} is 8 to some tools
 * and 10 to others).
 */
public final class Ipv4 {

  public static final Inet4Address ANY = fromInt(0);
  public static final Inet4Address BROADCAST = fromInt(0xffffffff);

  private static final Pattern DOTTED =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

  private Ipv4() {}

  /** The address, or empty when the text is not a dotted quad. */
  public static Optional<Inet4Address> parse(String text) {
    if (text == null || !DOTTED.matcher(text.trim()).matches()) {
      return Optional.empty();
    }
    String[] parts = text.trim().split("\\.");
    byte[] b = new byte[4];
    for (int i = 0; i < 4; i++) {
      b[i] = (byte) Integer.parseInt(parts[i]);
    }
    return Optional.of(fromBytes(b));
  }

  /**
   * The address, for text that must be one (configuration, API input).
   *
   * @throws IllegalArgumentException quoting the text when it is not a dotted quad
   */
  public static Inet4Address require(String text) {
    return parse(text)
        .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not an IPv4 address"));
  }

  public static Inet4Address fromBytes(byte[] b) {
    try {
      return (Inet4Address) InetAddress.getByAddress(b);
    } catch (UnknownHostException | ClassCastException e) {
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
}
