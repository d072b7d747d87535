package dev.bootkeeper.wol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bootkeeper.boot.MacAddress;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WakeOnLanTest {

  static WolConfig config(String broadcast, int port, boolean subnet) {
    return new WolConfig() {
      @Override
      public String broadcast() {
        return broadcast;
      }

      @Override
      public int port() {
        return port;
      }

      @Override
      public boolean subnetBroadcast() {
        return subnet;
      }
    };
  }

  @Test
  void sendsTheMagicPacketOverUdp() throws Exception {
    try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      receiver.setSoTimeout(5000);
      WakeOnLan wol = new WakeOnLan(config("127.0.0.1", receiver.getLocalPort(), false));
      MacAddress mac = MacAddress.of("52:54:00:01:02:03");
      List<InetSocketAddress> targets = wol.targets(Optional.empty());
      assertEquals(List.of(new InetSocketAddress("127.0.0.1", receiver.getLocalPort())), targets);
      wol.send(mac, targets);
      DatagramPacket got = new DatagramPacket(new byte[512], 512);
      receiver.receive(got);
      assertArrayEquals(MagicPacket.of(mac), Arrays.copyOfRange(got.getData(), 0, got.getLength()));
    }
  }

  @Test
  void addsTheSlash24BroadcastOfTheReservedAddress() {
    WakeOnLan wol = new WakeOnLan(config("255.255.255.255", 9, true));
    assertEquals(
        List.of(
            new InetSocketAddress("255.255.255.255", 9), new InetSocketAddress("10.1.2.255", 9)),
        wol.targets(Optional.of("10.1.2.33")));
    WakeOnLan off = new WakeOnLan(config("255.255.255.255", 7, false));
    assertEquals(
        List.of(new InetSocketAddress("255.255.255.255", 7)),
        off.targets(Optional.of("10.1.2.33")));
  }
}
