package dev.bootkeeper.dhcp;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything the DHCP server needs to run, resolved and validated: built from {@link DhcpConfig} at
 * start, or by the API when the mode changes at run time ({@link DhcpServer#apply}).
 *
 * @param mode off, proxy or full
 * @param interfaceName the serving interface, when configured (see {@link DhcpConfig#iface()})
 * @param bindAddress the address the listening sockets bind: the wildcard in production, because
 *     broadcasts only reach a socket bound to 0.0.0.0
 * @param port the DHCP server port (67)
 * @param proxyPort the PXE boot-server port used in proxy mode (4011)
 * @param clientPort where replies to clients go (68)
 * @param serverAddress option 54 and the source of replies
 * @param subnets the networks served in full mode; the first is the local one
 * @param offerHold how long an offered address stays reserved before the client requests it
 * @param declineHold how long a declined address stays out of the pool
 * @param workers threads for policy and lease-store calls; {@link #AUTOMATIC_WORKERS} lets the
 *     server choose for its lease store
 * @param vendorBootFiles boot files for non-PXE clients by vendor class (full mode)
 */
public record DhcpSettings(
    DhcpMode mode,
    Optional<String> interfaceName,
    Inet4Address bindAddress,
    int port,
    int proxyPort,
    int clientPort,
    Inet4Address serverAddress,
    List<Subnet> subnets,
    Duration offerHold,
    Duration declineHold,
    int workers,
    List<VendorBootFile> vendorBootFiles) {

  /** The worker count of a configuration that names none: the server picks it for its store. */
  public static final int AUTOMATIC_WORKERS = 0;

  /** Settings without boot files by vendor class. */
  public DhcpSettings(
      DhcpMode mode,
      Optional<String> interfaceName,
      Inet4Address bindAddress,
      int port,
      int proxyPort,
      int clientPort,
      Inet4Address serverAddress,
      List<Subnet> subnets,
      Duration offerHold,
      Duration declineHold,
      int workers) {
    this(
        mode,
        interfaceName,
        bindAddress,
        port,
        proxyPort,
        clientPort,
        serverAddress,
        subnets,
        offerHold,
        declineHold,
        workers,
        List.of());
  }

  public DhcpSettings {
    vendorBootFiles = vendorBootFiles == null ? List.of() : List.copyOf(vendorBootFiles);
    interfaceName = interfaceName == null ? Optional.empty() : interfaceName;
    subnets = subnets == null ? List.of() : List.copyOf(subnets);
    if (mode == DhcpMode.FULL && subnets.isEmpty()) {
      throw new IllegalArgumentException(
          "bootkeeper.dhcp.mode=full needs bootkeeper.dhcp.subnet and bootkeeper.dhcp.range");
    }
    if (workers < 1 && workers != AUTOMATIC_WORKERS) {
      throw new IllegalArgumentException("at least one DHCP worker thread is needed");
    }
  }

  /**
   * The subnet a non-relayed request belongs to: the one that contains the server address, or the
   * only one configured (a configuration file may name a subnet the detected address is not in).
   */
  public Optional<Subnet> localSubnet() {
    return subnets.stream()
        .filter(s -> s.contains(serverAddress))
        .findFirst()
        .or(() -> subnets.size() == 1 ? Optional.of(subnets.get(0)) : Optional.empty());
  }

  /** The subnet of a relay agent (RFC 2131 §4.3.1: chosen by giaddr). */
  public Optional<Subnet> subnetFor(Inet4Address giaddr) {
    return subnets.stream().filter(s -> s.contains(giaddr)).findFirst();
  }

  /** These settings with the mode and networks an administrator chose. */
  public DhcpSettings withNetwork(DhcpNetwork network) {
    return new DhcpSettings(
        network.mode(),
        interfaceName,
        bindAddress,
        port,
        proxyPort,
        clientPort,
        serverAddress,
        network.subnets(),
        offerHold,
        declineHold,
        workers,
        network.vendorBootFiles());
  }

  public DhcpNetwork network() {
    return new DhcpNetwork(mode, subnets, vendorBootFiles);
  }

  public DhcpSettings withMode(DhcpMode newMode) {
    return new DhcpSettings(
        newMode,
        interfaceName,
        bindAddress,
        port,
        proxyPort,
        clientPort,
        serverAddress,
        subnets,
        offerHold,
        declineHold,
        workers,
        vendorBootFiles);
  }
}
