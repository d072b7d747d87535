package dev.bootkeeper.boot;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's IPv4 neighbour (ARP) table, read from {@code /proc/net/arp}: the MAC behind a source
 * address on the appliance's own segments. A TFTP or HTTP request carries no MAC, and behind
 * another DHCP server (no proxyDHCP) Bootkeeper never saw the client's DHCP exchange; the kernel
 * has, since it had to resolve the address to answer. Empty off Linux, for routed clients, and for
 * entries that are incomplete (flag ATF_COM, 0x2, not set).
 */
@ApplicationScoped
public class NeighbourTable {

  static final Path PROC_NET_ARP = Path.of("/proc/net/arp");

  /** ATF_COM in {@code include/uapi/linux/if_arp.h}: the entry has a hardware address. */
  static final int COMPLETE = 0x2;

  private final Path source;

  public NeighbourTable() {
    this(PROC_NET_ARP);
  }

  NeighbourTable(Path source) {
    this.source = source;
  }

  /** A table that knows no neighbour, for servers run outside the appliance (tests, benchmarks). */
  public static NeighbourTable none() {
    return new NeighbourTable(null);
  }

  public Optional<MacAddress> macOf(InetAddress address) {
    if (source == null || address == null || !Files.isReadable(source)) {
      return Optional.empty();
    }
    try {
      return find(Files.readAllLines(source, StandardCharsets.US_ASCII), address.getHostAddress());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * The MAC of {@code ip} in the lines of {@code /proc/net/arp}: a header, then "IP address, HW
   * type, Flags, HW address, Mask, Device" separated by spaces.
   */
  static Optional<MacAddress> find(List<String> lines, String ip) {
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).trim().split("\\s+");
      if (f.length < 4 || !f[0].equals(ip)) {
        continue;
      }
      int flags;
      try {
        flags = Integer.decode(f[2]);
      } catch (NumberFormatException e) {
        continue;
      }
      if ((flags & COMPLETE) == 0) {
        continue;
      }
      Optional<MacAddress> mac = MacAddress.parse(f[3]);
      if (mac.isPresent() && !mac.get().colon().equals("00:00:00:00:00:00")) {
        return mac;
      }
    }
    return Optional.empty();
  }
}
