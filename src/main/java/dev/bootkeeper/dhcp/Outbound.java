package dev.bootkeeper.dhcp;

import java.net.InetSocketAddress;

/**
 * A reply ready to send.
 *
 * @param maxSize the largest message this client accepts ({@link DhcpCodec#maxReplySize})
 * @param fromProxyPort send from the 4011 socket: iPXE only accepts ProxyDHCP ACKs that come from
 *     port 4011 (iPXE {@code dhcp_proxy_rx})
 */
public record Outbound(
    DhcpPacket packet, InetSocketAddress destination, int maxSize, boolean fromProxyPort) {

  public byte[] encode() {
    return DhcpCodec.encode(packet, maxSize);
  }
}
