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
 *
 * <p>Several appliances on one database: what DHCP saw here is also written to the database ({@link
 * SharedClients}, batched off the DHCP path), and a TFTP or HTTP request from an address this node
 * knows nothing recent about is looked up there, so a boot whose DHCP went to another node is filed
 * under the same machine. What this node holds is read again from the database after {@link
 * #RECHECK_AFTER}, so an address that moved to another machine on another node is seen to move.
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

  /**
   * How long what this node holds about an address stands before the database is asked again (when
   * it is shared): one query per address per this long, not per request.
   */
  static final Duration RECHECK_AFTER = Duration.ofSeconds(30);

  /**
   * How long an address the database did not know is not asked about again: a scan of random
   * sources costs one query per address per this long.
   */
  static final Duration MISS_FOR = Duration.ofSeconds(1);

  /** What DHCP saw here is written again at most this often while it stays the same. */
  static final Duration REPUBLISH_AFTER = Duration.ofMinutes(5);

  /**
   * @param atNanos when DHCP saw the MAC take the address (on whichever node)
   * @param checkedNanos when this node last learned it, from DHCP or from the database
   */
  private record Seen(MacAddress mac, long atNanos, long checkedNanos) {}

  private final Map<InetAddress, Seen> byAddress = new ConcurrentHashMap<>();
  private final Map<InetAddress, Seen> namedFrom = new ConcurrentHashMap<>();
  private final Map<InetAddress, Long> missedAt = new ConcurrentHashMap<>();
  private final NeighbourTable neighbours;
  private final SharedClients shared;
  private final LongSupplier nanoTime;

  /** A directory that knows only what DHCP tells it (servers run outside the appliance). */
  public ClientDirectory() {
    this(NeighbourTable.none());
  }

  public ClientDirectory(NeighbourTable neighbours) {
    this(neighbours, SharedClients.NONE, System::nanoTime);
  }

  @Inject
  public ClientDirectory(NeighbourTable neighbours, SharedClients shared) {
    this(neighbours, shared, System::nanoTime);
  }

  ClientDirectory(NeighbourTable neighbours, LongSupplier nanoTime) {
    this(neighbours, SharedClients.NONE, nanoTime);
  }

  ClientDirectory(NeighbourTable neighbours, SharedClients shared, LongSupplier nanoTime) {
    this.neighbours = neighbours;
    this.shared = shared;
    this.nanoTime = nanoTime;
  }

  /** DHCP saw this MAC take this address. Does not wait for the database. */
  public void remember(InetAddress address, MacAddress mac) {
    long now = nanoTime.getAsLong();
    Seen before = byAddress.get(address);
    put(byAddress, address, new Seen(mac, now, now));
    missedAt.remove(address);
    if (before == null
        || !before.mac().equals(mac)
        || now - before.atNanos() > REPUBLISH_AFTER.toNanos()) {
      shared.publish(address, mac);
    }
  }

  /**
   * The MAC DHCP saw take this address, while that is recent, as this node knows it: never waits
   * for the database, so it may be called on an event loop.
   */
  public Optional<MacAddress> macAt(InetAddress address) {
    return fresh(byAddress, address, STALE_AFTER);
  }

  /**
   * {@link #macAt}, else (or when what this node holds was last checked long ago) what DHCP saw on
   * any node, from the database. May wait for the database: not for an event loop.
   */
  Optional<MacAddress> macAtAnyNode(InetAddress address) {
    Seen here = address == null ? null : byAddress.get(address);
    long now = nanoTime.getAsLong();
    if (here != null && now - here.checkedNanos() <= RECHECK_AFTER.toNanos()) {
      return macAt(address);
    }
    if (address == null || !shared.enabled()) {
      return macAt(address);
    }
    Long missed = missedAt.get(address);
    if (missed != null && now - missed <= MISS_FOR.toNanos()) {
      return macAt(address);
    }
    Optional<SharedClients.Sighting> found = shared.lookup(address);
    if (found.isEmpty() || found.get().age().compareTo(STALE_AFTER) > 0) {
      if (missedAt.size() >= CAPACITY) {
        missedAt.clear();
      }
      missedAt.put(address, now);
      return macAt(address);
    }
    SharedClients.Sighting s = found.get();
    put(byAddress, address, new Seen(s.mac(), now - s.age().toNanos(), now));
    return Optional.of(s.mac());
  }

  private void put(Map<InetAddress, Seen> map, InetAddress address, Seen seen) {
    if (map.size() >= CAPACITY && !map.containsKey(address)) {
      map.clear();
    }
    map.put(address, seen);
  }

  private void put(Map<InetAddress, Seen> map, InetAddress address, MacAddress mac) {
    long now = nanoTime.getAsLong();
    put(map, address, new Seen(mac, now, now));
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
   * else what DHCP saw at the address (on any node), else the neighbour table's. May wait for the
   * database: not for an event loop.
   */
  public BootClient identify(BootClient client, String requestedPath) {
    return identify(client, requestedPath, true);
  }

  /**
   * {@link #identify(BootClient, String)} when it can answer without asking the database (the MAC
   * is named, DHCP's sighting here is recent enough, or the database is not shared); empty when it
   * would have to ask, so that the caller asks from a worker thread instead. For answers given on
   * an event loop.
   */
  public Optional<BootClient> identifyWithoutWaiting(BootClient client, String requestedPath) {
    if (client.mac().isPresent()
        || answersFromMemory(client.address())
        || (requestedPath != null && ConfigPath.macNamedBy(requestedPath).isPresent())) {
      return Optional.of(identify(client, requestedPath));
    }
    return Optional.empty();
  }

  /** {@link #identifyFirmly(BootClient)} on the terms of {@link #identifyWithoutWaiting}. */
  public Optional<BootClient> identifyFirmlyWithoutWaiting(BootClient client) {
    if (client.mac().isPresent() || answersFromMemory(client.address())) {
      return Optional.of(identifyFirmly(client));
    }
    return Optional.empty();
  }

  /** Whether {@link #macAtAnyNode} would answer from this node's memory, without a query. */
  private boolean answersFromMemory(InetAddress address) {
    if (address == null || !shared.enabled()) {
      return true;
    }
    long now = nanoTime.getAsLong();
    Seen here = byAddress.get(address);
    if (here != null && now - here.checkedNanos() <= RECHECK_AFTER.toNanos()) {
      return true;
    }
    Long missed = missedAt.get(address);
    return missed != null && now - missed <= MISS_FOR.toNanos();
  }

  /**
   * {@link #identify(BootClient, String)} from what this node holds alone, never waiting for the
   * database: for an answer given on an event loop (a request turned away as busy).
   */
  public BootClient identifyFromMemory(InetAddress address, String requestedPath) {
    return identify(BootClient.at(address), requestedPath, false);
  }

  private BootClient identify(BootClient client, String requestedPath, boolean anyNode) {
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
    BootClient firm = identifyFirmly(client, anyNode);
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
    return identifyFirmly(client, true);
  }

  private BootClient identifyFirmly(BootClient client, boolean anyNode) {
    if (client.mac().isPresent()) {
      return client;
    }
    Optional<MacAddress> mac = anyNode ? macAtAnyNode(client.address()) : macAt(client.address());
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
