package dev.bootkeeper.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.boot.ClientDirectory;
import dev.bootkeeper.boot.Ipv4;
import dev.bootkeeper.boot.MacAddress;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Netty server on 127.0.0.1 with ephemeral ports: unicast paths, counters, mode changes. */
class DhcpServerTest {

  static final java.net.Inet4Address LO = Ipv4.require("127.0.0.1");
  final RecordingSink sink = new RecordingSink();
  final DhcpServer server =
      new DhcpServer(
          new FakePolicy(LO),
          new InMemoryLeaseStore(),
          new ClientDirectory(),
          sink,
          Clock.systemUTC());
  final DatagramSocket client;

  DhcpServerTest() throws Exception {
    client = new DatagramSocket(new InetSocketAddress(0));
    client.setSoTimeout(5000);
  }

  @AfterEach
  void tearDown() {
    server.close();
    client.close();
  }

  DhcpSettings settings(DhcpMode mode) {
    Subnet lo =
        Subnet.of(
            "127.0.0.0/8",
            "127.0.0.10-127.0.0.20",
            Optional.empty(),
            List.of(),
            Optional.empty(),
            Duration.ofHours(1));
    return new DhcpSettings(
        mode,
        Optional.empty(),
        LO,
        0,
        0,
        client.getLocalPort(),
        LO,
        List.of(lo),
        Duration.ofSeconds(60),
        Duration.ofMinutes(10),
        2);
  }

  DhcpPacket exchange(DhcpPacket request, int port) throws Exception {
    byte[] out = DhcpCodec.encode(request, 1500);
    client.send(new DatagramPacket(out, out.length, LO, port));
    byte[] buf = new byte[1500];
    DatagramPacket in = new DatagramPacket(buf, buf.length);
    client.receive(in);
    return DhcpCodec.decode(buf, 0, in.getLength());
  }

  @Test
  void renewIsAnsweredAndGarbageCounted() throws Exception {
    server.apply(settings(DhcpMode.FULL));
    byte[] junk = "hello".getBytes();
    client.send(new DatagramPacket(junk, junk.length, LO, server.port()));
    MacAddress mac = MacAddress.of("02:00:00:00:00:01");
    DhcpPacket ack =
        exchange(
            Requests.withCiaddr(
                Requests.plain(mac, DhcpMessageType.REQUEST), Ipv4.require("127.0.0.15")),
            server.port());
    assertEquals(DhcpMessageType.ACK, ack.messageType().orElseThrow());
    assertEquals(Ipv4.require("127.0.0.15"), ack.yiaddr());
    assertEquals(1, server.stats().malformedPackets());
    assertEquals(2, server.stats().packets());
    assertTrue(server.leases().byMac(mac).isPresent());
  }

  @Test
  void proxyPortAnswersFromPort4011Equivalent() throws Exception {
    server.apply(settings(DhcpMode.PROXY));
    assertTrue(server.proxyPort() > 0);
    DhcpPacket request =
        Requests.withCiaddr(
            Requests.as(
                DhcpCodec.decode(PxeFixtures.UEFI_X64_DISCOVER), DhcpMessageType.REQUEST, b -> {}),
            LO);
    DhcpPacket ack = exchange(request, server.proxyPort());
    assertEquals(DhcpMessageType.ACK, ack.messageType().orElseThrow());
    assertEquals("ipxe.efi", ack.file());
  }

  @Test
  void modeCanChangeWithoutRestart() throws Exception {
    server.apply(settings(DhcpMode.PROXY));
    assertTrue(server.running());
    server.apply(settings(DhcpMode.OFF));
    assertFalse(server.running());
    server.apply(settings(DhcpMode.FULL));
    assertTrue(server.running());
    assertEquals(-1, server.proxyPort());
  }

  @Test
  void busyPortIsFatalAndNamed() throws Exception {
    try (DatagramSocket taken = new DatagramSocket(null)) {
      taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      DhcpSettings s = settings(DhcpMode.FULL);
      DhcpSettings clash =
          new DhcpSettings(
              s.mode(),
              s.interfaceName(),
              s.bindAddress(),
              taken.getLocalPort(),
              0,
              s.clientPort(),
              s.serverAddress(),
              s.subnets(),
              s.offerHold(),
              s.declineHold(),
              1);
      DhcpBindException e = assertThrows(DhcpBindException.class, () -> server.apply(clash));
      assertTrue(e.getMessage().contains("127.0.0.1:" + taken.getLocalPort()), e.getMessage());
      assertFalse(server.running());
    }
  }
}
