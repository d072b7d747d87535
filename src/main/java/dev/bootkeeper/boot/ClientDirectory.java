package dev.bootkeeper.boot;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Who a client is when its request carries only a source address (TFTP, HTTP, NBD). In order of
 * trust: the MAC the request itself names (an HTTP query, a pxelinux cookie, the {@code 01-<mac>}
 * of a config file name) is never overridden; else the MAC DHCP or proxyDHCP saw take that address,
 * while that is recent; else the kernel's neighbour table. Bounded, so a scan of random sources
 * cannot grow it without limit.
 */
@ApplicationScoped
public class ClientDirectory {

  static final int CAPACITY = 65_536;

  /**
   * After this, what DHCP saw at an address is no longer trusted: the address may have gone to
   * another machine (a lease of another DHCP server, a machine moved), and the neighbour table is
   * then the better witness.
   */
  static final Duration STALE_AFTER = Duration.ofHours(1);

  /**
   * How long a MAC spelled by a config name stands for its address: long enough for the kernel and
   * initrd that follow, short enough that a person fetching another machine's config from a
   * workstation does not have that workstation's later fetches filed under the other machine.
   */
  static final Duration NAME_HINT_FOR = Duration.ofMinutes(10);

  private record Seen(MacAddress mac, long atNanos) {}

  private final Map<InetAddress, Seen> byAddress = new ConcurrentHashMap<>();
  private final Map<InetAddress, Seen> namedFrom = new ConcurrentHashMap<>();
  private final NeighbourTable neighbours;
  private final LongSupplier nanoTime;

  /** A directory that knows only what DHCP tells it (servers run outside the appliance). */
  public ClientDirectory() {
    this(NeighbourTable.none());
  }

  @Inject
  public ClientDirectory(NeighbourTable neighbours) {
    this(neighbours, System::nanoTime);
  }

  ClientDirectory(NeighbourTable neighbours, LongSupplier nanoTime) {
    this.neighbours = neighbours;
    this.nanoTime = nanoTime;
  }

  public void remember(InetAddress address, MacAddress mac) {
    put(byAddress, address, mac);
  }

  /** The MAC DHCP saw take this address, while that is recent. */
  public Optional<MacAddress> macAt(InetAddress address) {
    return fresh(byAddress, address, STALE_AFTER);
  }

  private void put(Map<InetAddress, Seen> map, InetAddress address, MacAddress mac) {
    if (map.size() >= CAPACITY && !map.containsKey(address)) {
      map.clear();
    }
    map.put(address, new Seen(mac, nanoTime.getAsLong()));
  }

  private Optional<MacAddress> fresh(
      Map<InetAddress, Seen> map, InetAddress address, Duration ttl) {
    Seen seen = address == null ? null : map.get(address);
    if (seen == null) {
      return Optional.empty();
    }
    if (nanoTime.getAsLong() - seen.atNanos() > ttl.toNanos()) {
      map.remove(address, seen);
      return Optional.empty();
    }
    return Optional.of(seen.mac());
  }

  /** The client with its MAC filled in when the request did not name one. */
  public BootClient identify(BootClient client) {
    return identify(client, null);
  }

  /**
   * The client behind a request for {@code requestedPath}: the MAC the request named, else the one
   * the requested config name spells ({@code pxelinux.cfg/01-<mac>}, {@code grub.cfg-01-<mac>}),
   * else what DHCP saw at the address, else the neighbour table's.
   */
  public BootClient identify(BootClient client, String requestedPath) {
    if (client.mac().isPresent()) {
      return client;
    }
    Optional<MacAddress> named =
        requestedPath == null ? Optional.empty() : ConfigPath.macNamedBy(requestedPath);
    if (named.isPresent()) {
      if (client.address() != null) {
        put(namedFrom, client.address(), named.get());
      }
      return new BootClient(client.address(), named);
    }
    BootClient firm = identifyFirmly(client);
    if (firm.mac().isPresent()) {
      return firm;
    }
    return new BootClient(client.address(), fresh(namedFrom, client.address(), NAME_HINT_FOR));
  }

  /**
   * The client on firm evidence only: the MAC it named, DHCP's, or the neighbour table's, never the
   * config-name hint. For answers that depend on who asks and name no file ({@code /boot.ipxe}): a
   * guess must not hand one machine another's boot script.
   */
  public BootClient identifyFirmly(BootClient client) {
    if (client.mac().isPresent()) {
      return client;
    }
    Optional<MacAddress> mac = macAt(client.address());
    if (mac.isEmpty()) {
      mac = neighbours.macOf(client.address());
    }
    return new BootClient(client.address(), mac);
  }

  /** {@link #identify(BootClient, String)} for a request that carries only its source address. */
  public BootClient identify(InetAddress address, String requestedPath) {
    return identify(BootClient.at(address), requestedPath);
  }
}
