package dev.bootkeeper.boot;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which MAC was last seen at which IP address. DHCP fills it; TFTP and HTTP, which only see a
 * source address, use it to key their boot events by MAC and to render per-client files whose name
 * carries no MAC (GRUB's {@code grub/grub.cfg}). Bounded, so a scan of random sources cannot grow
 * it without limit.
 */
@ApplicationScoped
public class ClientDirectory {

  static final int CAPACITY = 65_536;

  private final Map<InetAddress, MacAddress> byAddress = new ConcurrentHashMap<>();

  public void remember(InetAddress address, MacAddress mac) {
    if (byAddress.size() >= CAPACITY && !byAddress.containsKey(address)) {
      byAddress.clear();
    }
    byAddress.put(address, mac);
  }

  public Optional<MacAddress> macAt(InetAddress address) {
    return Optional.ofNullable(byAddress.get(address));
  }

  /** The client with its MAC filled in from what DHCP learned, when the client did not say. */
  public BootClient identify(BootClient client) {
    if (client.mac().isPresent()) {
      return client;
    }
    return new BootClient(client.address(), macAt(client.address()));
  }

  /**
   * The client behind a file request that carries only its source address (TFTP): the MAC DHCP
   * learned at that address, else the one the requested config name spells, so that a pxelinux
   * behind another DHCP server is still keyed by MAC once it asks for {@code 01-<mac>}.
   */
  public BootClient identify(InetAddress address, String requestedPath) {
    BootClient known = identify(BootClient.at(address));
    if (known.mac().isPresent()) {
      return known;
    }
    return new BootClient(address, ConfigPath.macNamedBy(requestedPath));
  }
}
