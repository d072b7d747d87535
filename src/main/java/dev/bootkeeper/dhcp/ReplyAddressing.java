package dev.bootkeeper.dhcp;

import dev.bootkeeper.boot.Ipv4;
import java.net.InetSocketAddress;

/** Where a server reply goes (RFC 2131 §4.1). */
final class ReplyAddressing {

  /** Relay agents listen on the server port (RFC 1542 §4.1). */
  static final int RELAY_PORT = 67;

  private ReplyAddressing() {}

  /**
   * 1. relayed: to giaddr:67; 2. the client has an address (renewing, inform): to ciaddr; 3.
   * otherwise broadcast to 255.255.255.255. RFC 2131 prefers a unicast to yiaddr at chaddr when the
   * broadcast bit is clear, which needs an ARP entry injected for a client that cannot answer ARP
   * yet; a JVM cannot do that, so it broadcasts, as pixiecore does (RFC 2131 allows broadcast).
   * DHCPNAK is always broadcast unless relayed.
   */
  static InetSocketAddress destination(DhcpPacket request, DhcpMessageType type, int clientPort) {
    if (request.relayed()) {
      return new InetSocketAddress(request.giaddr(), RELAY_PORT);
    }
    if (type != DhcpMessageType.NAK && !Ipv4.isZero(request.ciaddr())) {
      return new InetSocketAddress(request.ciaddr(), clientPort);
    }
    return new InetSocketAddress(Ipv4.BROADCAST, clientPort);
  }
}
