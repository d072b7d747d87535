package dev.bootkeeper.dhcp;

import dev.bootkeeper.boot.Ipv4;
import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;

/**
 * Option 121, classless static routes (RFC 3442 §2), written as {@code 192.0.2.0/24 via
 * 198.51.100.1, 0.0.0.0/0 via 198.51.100.1}. Each route is the prefix length, only the significant
 * octets of the destination (ceil(length / 8) of them), then the 4-byte router. Microsoft's option
 * 249 has the same format.
 */
final class ClasslessRoutes {

  /** One route: destination network and prefix length, and the router to reach it. */
  record Route(Inet4Address destination, int prefix, Inet4Address router) {
    @Override
    public String toString() {
      return destination.getHostAddress() + "/" + prefix + " via " + router.getHostAddress();
    }
  }

  private ClasslessRoutes() {}

  /**
   * @throws IllegalArgumentException naming the route that is wrong and why
   */
  static List<Route> parse(String text) {
    List<Route> routes = new ArrayList<>();
    for (String part : text.split(",")) {
      String r = part.trim();
      if (r.isEmpty()) {
        continue;
      }
      String[] words = r.split("\\s+");
      if (words.length != 3 || !words[1].equals("via") || !words[0].contains("/")) {
        throw new IllegalArgumentException(
            "'" + r + "' is not a route such as 192.0.2.0/24 via 198.51.100.1");
      }
      String[] cidr = words[0].split("/", 2);
      Inet4Address destination = Ipv4.require(cidr[0]);
      if (!cidr[1].matches("\\d{1,2}") || Integer.parseInt(cidr[1]) > 32) {
        throw new IllegalArgumentException(
            "'" + r + "': the prefix length /" + cidr[1] + " is not between /0 and /32");
      }
      int prefix = Integer.parseInt(cidr[1]);
      int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
      if ((Ipv4.toInt(destination) & ~mask) != 0) {
        throw new IllegalArgumentException(
            "'" + r + "': " + words[0] + " has host bits set (RFC 3442 sends only the network)");
      }
      routes.add(new Route(destination, prefix, Ipv4.require(words[2])));
    }
    if (routes.isEmpty()) {
      throw new IllegalArgumentException("no route given, e.g. 192.0.2.0/24 via 198.51.100.1");
    }
    return routes;
  }

  static byte[] encode(List<Route> routes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Route r : routes) {
      out.write(r.prefix());
      out.write(r.destination().getAddress(), 0, (r.prefix() + 7) / 8);
      out.writeBytes(r.router().getAddress());
    }
    return out.toByteArray();
  }

  /** The routes in {@code value}, or empty when it is not a well-formed RFC 3442 list. */
  static List<Route> decode(byte[] value) {
    List<Route> routes = new ArrayList<>();
    int i = 0;
    while (i < value.length) {
      int prefix = value[i] & 0xff;
      int significant = (prefix + 7) / 8;
      if (prefix > 32 || i + 1 + significant + 4 > value.length) {
        return List.of();
      }
      byte[] dest = new byte[4];
      System.arraycopy(value, i + 1, dest, 0, significant);
      byte[] router = new byte[4];
      System.arraycopy(value, i + 1 + significant, router, 0, 4);
      routes.add(new Route(Ipv4.fromBytes(dest), prefix, Ipv4.fromBytes(router)));
      i += 1 + significant + 4;
    }
    return routes;
  }
}
