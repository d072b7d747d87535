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
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
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
    return settings(mode, 2);
  }

  DhcpSettings settings(DhcpMode mode, int workers) {
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
        workers);
  }

  DhcpPacket exchange(DhcpPacket request, int port) throws Exception {
    send(request, port);
    return receive();
  }

  void send(DhcpPacket request, int port) throws Exception {
    byte[] out = DhcpCodec.encode(request, 1500);
    client.send(new DatagramPacket(out, out.length, LO, port));
  }

  DhcpPacket receive() throws Exception {
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
  void withNoWorkerCountConfiguredTheServerPicksOneForItsStoreAndServes() throws Exception {
    assertEquals(8, DhcpServer.workersFor(new InMemoryLeaseStore(), 2));
    assertEquals(4, DhcpServer.workersFor(new InMemoryLeaseStore(), 1));
    assertEquals(128, DhcpServer.workersFor(new GatedClaims(), 2), "a store whose claims wait");
    assertEquals(
        DhcpSettings.AUTOMATIC_WORKERS,
        DhcpSettingsResolver.workers(java.util.OptionalInt.empty()));
    assertEquals(3, DhcpSettingsResolver.workers(java.util.OptionalInt.of(3)));
    assertThrows(
        IllegalArgumentException.class,
        () -> DhcpSettingsResolver.workers(java.util.OptionalInt.of(0)),
        "a configured 0 is refused, not taken for unset");

    server.apply(settings(DhcpMode.FULL, DhcpSettings.AUTOMATIC_WORKERS));
    MacAddress mac = MacAddress.of("02:00:00:00:00:02");
    DhcpPacket offer = exchange(Requests.plain(mac, DhcpMessageType.DISCOVER), server.port());
    assertEquals(DhcpMessageType.OFFER, offer.messageType().orElseThrow());
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

  /**
   * One worker, so both clients share a lane: while the first client's lease waits for its commit,
   * the second client is answered, and the first gets its ACK once the commit is done.
   */
  @Test
  void aClientWaitingForItsCommitDoesNotHoldUpAnotherOnItsLane() throws Exception {
    GatedClaims store = new GatedClaims();
    DhcpServer gated =
        new DhcpServer(new FakePolicy(LO), store, new ClientDirectory(), sink, Clock.systemUTC());
    try {
      gated.apply(settings(DhcpMode.FULL, 1));
      MacAddress first = MacAddress.of("02:00:00:00:00:01");
      MacAddress second = MacAddress.of("02:00:00:00:00:02");
      send(
          Requests.withCiaddr(
              Requests.plain(first, DhcpMessageType.REQUEST), Ipv4.require("127.0.0.15")),
          gated.port());
      DhcpPacket inform =
          exchange(
              Requests.withCiaddr(
                  Requests.plain(second, DhcpMessageType.INFORM), Ipv4.require("127.0.0.16")),
              gated.port());
      assertEquals(DhcpMessageType.ACK, inform.messageType().orElseThrow());
      assertEquals(second, inform.mac().orElseThrow());
      client.setSoTimeout(300);
      assertThrows(SocketTimeoutException.class, this::receive, "no ACK before the commit");
      client.setSoTimeout(5000);
      store.commit.complete(null);
      DhcpPacket ack = receive();
      assertEquals(DhcpMessageType.ACK, ack.messageType().orElseThrow());
      assertEquals(first, ack.mac().orElseThrow());
      assertEquals(Ipv4.require("127.0.0.15"), ack.yiaddr());
      assertTrue(store.byMac(first).isPresent());
    } finally {
      gated.close();
    }
  }

  /** Claims are recorded only when the test lets the commit happen. */
  static final class GatedClaims implements LeaseStore {
    final InMemoryLeaseStore leases = new InMemoryLeaseStore();
    final CompletableFuture<Void> commit = new CompletableFuture<>();

    @Override
    public CompletionStage<Boolean> claimLater(Lease lease, Instant now) {
      return commit.thenApply(done -> leases.claim(lease, now));
    }

    @Override
    public Optional<Lease> byMac(MacAddress mac) {
      return leases.byMac(mac);
    }

    @Override
    public Optional<Lease> byIp(java.net.Inet4Address ip) {
      return leases.byIp(ip);
    }

    @Override
    public boolean claim(Lease lease, Instant now) {
      return leases.claim(lease, now);
    }

    @Override
    public Optional<java.net.Inet4Address> findFree(
        java.net.Inet4Address first,
        java.net.Inet4Address last,
        Instant now,
        Predicate<java.net.Inet4Address> excluded) {
      return leases.findFree(first, last, now, excluded);
    }

    @Override
    public void release(java.net.Inet4Address ip, MacAddress mac, Instant now) {
      leases.release(ip, mac, now);
    }

    @Override
    public void quarantine(java.net.Inet4Address ip, Instant until) {
      leases.quarantine(ip, until);
    }

    @Override
    public List<Lease> all() {
      return leases.all();
    }

    @Override
    public long countActive(Instant now) {
      return leases.countActive(now);
    }
  }
}
