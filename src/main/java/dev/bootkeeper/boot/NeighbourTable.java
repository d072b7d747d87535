package dev.bootkeeper.boot;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

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
    // The appliance's own addresses never have a neighbour entry: no need to read the table.
    if (source == null || address == null || address.isLoopbackAddress()) {
      return Optional.empty();
    }
    String ip = address.getHostAddress();
    Read table = last;
    long age = System.nanoTime() - table.atNanos();
    if (age <= HIT_FOR_NANOS) {
      MacAddress mac = table.macs().get(ip);
      if (mac != null || age <= MISS_FOR_NANOS) {
        return Optional.ofNullable(mac);
      }
    }
    return Optional.ofNullable(read().macs().get(ip));
  }

  /**
   * The table as read at one moment. A request from a machine on the segment comes after the kernel
   * resolved its address (to answer its SYN or its first packet), so a table a few milliseconds old
   * that does not know the address is read again; one that knows it stands a little longer. A flood
   * of requests from one address thus reads the file a few dozen times a second, not once per
   * request.
   */
  private record Read(long atNanos, Map<String, MacAddress> macs) {}

  static final long HIT_FOR_NANOS = TimeUnit.SECONDS.toNanos(1);
  static final long MISS_FOR_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private volatile Read last = new Read(System.nanoTime() - 2 * HIT_FOR_NANOS, Map.of());

  private Read read() {
    long now = System.nanoTime();
    List<String> lines;
    try {
      lines =
          Files.isReadable(source)
              ? Files.readAllLines(source, StandardCharsets.US_ASCII)
              : List.of();
    } catch (IOException e) {
      lines = List.of();
    }
    Read r = new Read(now, complete(lines));
    last = r;
    return r;
  }

  /** The complete entries of the table, by IPv4 address as text. */
  static Map<String, MacAddress> complete(List<String> lines) {
    Map<String, MacAddress> macs = new HashMap<>();
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).trim().split("\\s+");
      if (f.length >= 4 && !macs.containsKey(f[0])) {
        find(List.of("", lines.get(i)), f[0]).ifPresent(mac -> macs.put(f[0], mac));
      }
    }
    return Map.copyOf(macs);
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
