package dev.bootkeeper.dashboard;

import dev.bootkeeper.boot.Ipv4;
import io.quarkus.qute.TemplateData;
import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One DHCP subnet as the Settings page edits it and stores it (as JSON, under {@code dhcp-subnets},
 * for the DHCP server to read).
 */
@TemplateData
public record SubnetForm(
    String subnet, String rangeStart, String rangeEnd, String router, String dns, String domain) {

  public static final SubnetForm EMPTY = new SubnetForm("", "", "", "", "", "");

  public boolean blank() {
    return (subnet + rangeStart + rangeEnd + router + dns + domain).isBlank();
  }

  /** Checks the subnet; the message says which field is wrong. */
  public SubnetForm validated() {
    String s = subnet.trim();
    String[] parts = s.split("/");
    if (parts.length != 2 || Ipv4.parse(parts[0]).isEmpty() || !parts[1].matches("\\d{1,2}")) {
      throw DashboardException.badRequest("Subnet '" + s + "' must look like 192.168.1.0/24.");
    }
    int prefix = Integer.parseInt(parts[1]);
    if (prefix < 8 || prefix > 30) {
      throw DashboardException.badRequest(
          "Subnet '" + s + "': the prefix must be between /8 and /30.");
    }
    int network = toInt(Ipv4.parse(parts[0]).get());
    int mask = -1 << (32 - prefix);
    if ((network & mask) != network) {
      throw DashboardException.badRequest(
          "Subnet '"
              + s
              + "' has host bits set; did you mean "
              + fromInt(network & mask)
              + "/"
              + prefix
              + "?");
    }
    int from = inside("range start", rangeStart, network, mask);
    int to = inside("range end", rangeEnd, network, mask);
    if (Integer.compareUnsigned(from, to) > 0) {
      throw DashboardException.badRequest("Subnet '" + s + "': the range starts after it ends.");
    }
    if (!router.isBlank()) {
      inside("router", router, network, mask);
    }
    List<String> servers = new ArrayList<>();
    for (String d : dns.split("[,\\s]+")) {
      if (d.isBlank()) {
        continue;
      }
      if (Ipv4.parse(d).isEmpty()) {
        throw DashboardException.badRequest("DNS server '" + d + "' is not an IPv4 address.");
      }
      servers.add(d.trim());
    }
    String dom = domain.trim();
    if (!dom.isEmpty() && !dom.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?")) {
      throw DashboardException.badRequest("Domain '" + dom + "' is not a domain name.");
    }
    return new SubnetForm(
        s, rangeStart.trim(), rangeEnd.trim(), router.trim(), String.join(", ", servers), dom);
  }

  private int inside(String field, String value, int network, int mask) {
    Optional<Inet4Address> ip = Ipv4.parse(value);
    if (ip.isEmpty()) {
      throw DashboardException.badRequest(
          "Subnet " + subnet.trim() + ": " + field + " '" + value + "' is not an IPv4 address.");
    }
    int v = toInt(ip.get());
    if ((v & mask) != network) {
      throw DashboardException.badRequest(
          "Subnet " + subnet.trim() + ": " + field + " " + value + " is outside the subnet.");
    }
    return v;
  }

  private static int toInt(Inet4Address a) {
    return ByteBuffer.wrap(a.getAddress()).getInt();
  }

  private static String fromInt(int v) {
    return ((v >>> 24) & 0xff)
        + "."
        + ((v >>> 16) & 0xff)
        + "."
        + ((v >>> 8) & 0xff)
        + "."
        + (v & 0xff);
  }
}
