package dev.bootkeeper.dhcp;

import java.net.InetSocketAddress;

/**
 * A decoded request and where it came from.
 *
 * @param onProxyPort true when it arrived on the PXE boot-server port (4011), not on 67
 */
public record Received(DhcpPacket packet, InetSocketAddress sender, boolean onProxyPort) {}
