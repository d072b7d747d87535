package dev.bootkeeper.boot;

import java.net.InetAddress;
import java.util.Optional;

/**
 * Who is asking for a file. TFTP and HTTP see only the source address; the MAC is filled in from
 * what DHCP learned ({@link ClientDirectory}) or from the request itself (an HTTP query, a pxelinux
 * cookie) when possible.
 */
public record BootClient(InetAddress address, Optional<MacAddress> mac) {

  public BootClient {
    mac = mac == null ? Optional.empty() : mac;
  }

  public static BootClient at(InetAddress address) {
    return new BootClient(address, Optional.empty());
  }
}
