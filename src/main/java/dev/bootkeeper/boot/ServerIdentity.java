package dev.bootkeeper.boot;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The IPv4 address and HTTP port clients use to reach the appliance. Taken from {@code
 * bootkeeper.server-address} or, when unset, the first non-loopback IPv4 address of an interface
 * that is up; what was chosen is logged, because a wrong guess shows up as machines that get an
 * offer and then fetch nothing.
 */
@ApplicationScoped
public class ServerIdentity {

  private static final Logger LOG = Logger.getLogger(ServerIdentity.class);

  private final Inet4Address address;
  private final int httpPort;

  @jakarta.inject.Inject
  public ServerIdentity(
      BootkeeperConfig config,
      @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.http.port") int port) {
    this.address =
        config.serverAddress().map(ServerIdentity::parseConfigured).orElseGet(this::detect);
    this.httpPort = port;
  }

  /** For tests and tools that know the address already. */
  public ServerIdentity(Inet4Address address, int httpPort) {
    this.address = address;
    this.httpPort = httpPort;
  }

  public Inet4Address address() {
    return address;
  }

  public int httpPort() {
    return httpPort;
  }

  /** The base URL of the machine-facing HTTP side, without a trailing slash. */
  public String httpBase() {
    String host = address.getHostAddress();
    return httpPort == 80 ? "http://" + host : "http://" + host + ":" + httpPort;
  }

  static Inet4Address parseConfigured(String text) {
    String t = text.trim();
    if (!t.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      throw new IllegalArgumentException(
          "bootkeeper.server-address: '" + text + "' is not an IPv4 address such as 192.168.1.10");
    }
    try {
      InetAddress a = InetAddress.getByName(t);
      if (a instanceof Inet4Address v4 && !v4.isAnyLocalAddress()) {
        return v4;
      }
    } catch (UnknownHostException e) {
      // falls through to the error below: a dotted quad with an octet over 255
    }
    throw new IllegalArgumentException(
        "bootkeeper.server-address: '" + text + "' is not a usable IPv4 address");
  }

  private Inet4Address detect() {
    Optional<Inet4Address> found = firstSiteAddress();
    if (found.isPresent()) {
      LOG.infof(
          "bootkeeper.server-address is not set; detected %s (set it if clients reach this"
              + " appliance at another address)",
          found.get().getHostAddress());
      return found.get();
    }
    LOG.warn(
        "bootkeeper.server-address is not set and no non-loopback IPv4 interface is up; using"
            + " 127.0.0.1, which no other machine can reach");
    return (Inet4Address) InetAddress.getLoopbackAddress();
  }

  private static Optional<Inet4Address> firstSiteAddress() {
    try {
      List<NetworkInterface> up =
          NetworkInterface.networkInterfaces()
              .filter(ServerIdentity::isUsable)
              .sorted(Comparator.comparingInt(NetworkInterface::getIndex))
              .toList();
      for (NetworkInterface nif : up) {
        Optional<Inet4Address> v4 =
            nif.inetAddresses()
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                .map(a -> (Inet4Address) a)
                .findFirst();
        if (v4.isPresent()) {
          return v4;
        }
      }
    } catch (SocketException e) {
      LOG.warnf("could not list network interfaces: %s", e.getMessage());
    }
    return Optional.empty();
  }

  private static boolean isUsable(NetworkInterface nif) {
    try {
      return nif.isUp() && !nif.isLoopback();
    } catch (SocketException e) {
      return false;
    }
  }
}
