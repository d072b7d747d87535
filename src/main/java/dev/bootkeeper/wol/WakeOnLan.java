package dev.bootkeeper.wol;

import dev.bootkeeper.boot.Ipv4;
import dev.bootkeeper.boot.MacAddress;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Sends Wake-on-LAN magic packets. */
@ApplicationScoped
public class WakeOnLan {

  private final WolConfig config;

  public WakeOnLan(WolConfig config) {
    this.config = config;
  }

  /**
   * Where a wake-up for a host goes: the configured broadcast, and the /24 broadcast of its
   * reserved address when known.
   */
  public List<InetSocketAddress> targets(Optional<String> reservedIp) {
    Set<InetSocketAddress> out = new LinkedHashSet<>();
    out.add(new InetSocketAddress(parse(config.broadcast()), config.port()));
    if (config.subnetBroadcast()) {
      reservedIp
          .flatMap(Ipv4::parse)
          .map(WakeOnLan::slash24Broadcast)
          .ifPresent(b -> out.add(new InetSocketAddress(b, config.port())));
    }
    return new ArrayList<>(out);
  }

  /** Sends the magic packet for this MAC to each target. */
  public void send(MacAddress mac, List<InetSocketAddress> targets) {
    byte[] packet = MagicPacket.of(mac);
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setBroadcast(true);
      for (InetSocketAddress target : targets) {
        socket.send(new DatagramPacket(packet, packet.length, target));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not send the Wake-on-LAN packet: " + e.getMessage(), e);
    }
  }

  static Inet4Address slash24Broadcast(Inet4Address ip) {
    byte[] b = ip.getAddress();
    b[3] = (byte) 0xFF;
    try {
      return (Inet4Address) InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Inet4Address parse(String text) {
    return Ipv4.parse(text)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "bootkeeper.wol.broadcast: '" + text + "' is not an IPv4 address"));
  }
}
