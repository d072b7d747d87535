package dev.bootkeeper.boot;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** Strict dotted-quad IPv4 parsing that never touches DNS. */
public final class Ipv4 {

  private static final Pattern DOTTED =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

  private Ipv4() {}

  public static Optional<Inet4Address> parse(String text) {
    if (text == null || !DOTTED.matcher(text.trim()).matches()) {
      return Optional.empty();
    }
    String[] parts = text.trim().split("\\.");
    byte[] b = new byte[4];
    for (int i = 0; i < 4; i++) {
      b[i] = (byte) Integer.parseInt(parts[i]);
    }
    try {
      return Optional.of((Inet4Address) InetAddress.getByAddress(b));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}
