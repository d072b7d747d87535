package dev.bootkeeper.boot;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A machine that fetches boot files has been seen, even when Bootkeeper never saw its DHCP (another
 * DHCP server, no proxyDHCP): its "last seen" moves, and a MAC nobody configured becomes a
 * discovered host, as it does from DHCP. At most one database write per MAC a minute: a boot
 * fetches dozens of files, a storm thousands.
 */
@ApplicationScoped
public class FileFetchSightings {

  static final Duration EVERY = Duration.ofMinutes(1);
  static final int CAPACITY = 65_536;

  private final BootService boot;
  private final Map<MacAddress, Long> lastRecorded = new ConcurrentHashMap<>();

  public FileFetchSightings(BootService boot) {
    this.boot = boot;
  }

  /** Call off the event loop: the first sighting of a MAC a minute writes to the store. */
  public void fetched(BootClient client) {
    if (client.mac().isEmpty()) {
      return;
    }
    MacAddress mac = client.mac().get();
    long now = System.nanoTime();
    Long last = lastRecorded.get(mac);
    if (last != null && now - last < EVERY.toNanos()) {
      return;
    }
    if (lastRecorded.size() >= CAPACITY) {
      lastRecorded.clear();
    }
    lastRecorded.put(mac, now);
    Optional<Inet4Address> ip =
        client.address() instanceof Inet4Address v4 ? Optional.of(v4) : Optional.empty();
    boot.recordSeen(new BootRequest(mac, Optional.empty(), ip, Firmware.UNKNOWN, false));
  }
}
