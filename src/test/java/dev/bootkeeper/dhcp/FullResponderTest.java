package dev.bootkeeper.dhcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.boot.ClientDirectory;
import dev.bootkeeper.boot.Ipv4;
import dev.bootkeeper.boot.MacAddress;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class FullResponderTest {

  static final Inet4Address SERVER = Ipv4.require("198.18.0.1");
  static final InetSocketAddress FROM = new InetSocketAddress(Ipv4.ANY, 68);
  static final MacAddress PC = MacAddress.of("02:00:00:00:00:01");
  static final MacAddress PXE_MAC = MacAddress.of("52:54:00:12:34:56");

  final MutableClock clock = new MutableClock();
  final InMemoryLeaseStore store = new InMemoryLeaseStore();
  final FakePolicy policy = new FakePolicy(SERVER);
  final ClientDirectory directory = new ClientDirectory();
  final RecordingSink sink = new RecordingSink();
  final List<Inet4Address> foreign = new CopyOnWriteArrayList<>();
  final Subnet local =
      Subnet.of(
          "198.18.0.0/24",
          "198.18.0.100-198.18.0.199",
          Optional.of(SERVER),
          List.of(SERVER, Ipv4.require("198.18.0.2")),
          Optional.of("lab.test"),
          Duration.ofHours(12));
  final Subnet remote =
      Subnet.of(
          "198.19.7.0/24",
          "198.19.7.10-198.19.7.20",
          Optional.of(Ipv4.require("198.19.7.1")),
          List.of(),
          Optional.empty(),
          Duration.ofHours(1));
  final DhcpSettings settings =
      new DhcpSettings(
          DhcpMode.FULL,
          Optional.empty(),
          Ipv4.ANY,
          67,
          4011,
          68,
          SERVER,
          List.of(local, remote),
          Duration.ofSeconds(60),
          Duration.ofMinutes(10),
          2);
  final FullResponder responder =
      new FullResponder(
          settings,
          new LeaseAllocator(store, clock, settings.offerHold(), settings.declineHold()),
          policy,
          directory,
          new DhcpEvents(sink, clock),
          foreign::add);

  Outbound reply(DhcpPacket p) {
    Outbound o = responder.handle(new Received(p, FROM, false)).orElseThrow();
    try {
      // Everything sent must survive the wire.
      return new Outbound(DhcpCodec.decode(o.encode()), o.destination(), o.maxSize(), false);
    } catch (MalformedDhcpException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void plainClientGetsAddressAndNetworkOptionsButNoBootInfo() {
    DhcpPacket offer = reply(Requests.plain(PC, DhcpMessageType.DISCOVER)).packet();
    assertEquals(DhcpMessageType.OFFER, offer.messageType().orElseThrow());
    assertTrue(local.inRange(offer.yiaddr()));
    DhcpOptions o = offer.options();
    assertEquals(SERVER, o.address(DhcpOption.SERVER_ID).orElseThrow());
    assertEquals(43200L, o.number(DhcpOption.LEASE_TIME).orElseThrow());
    assertEquals(Ipv4.require("255.255.255.0"), o.address(DhcpOption.SUBNET_MASK).orElseThrow());
    assertEquals(SERVER, o.address(DhcpOption.ROUTER).orElseThrow());
    assertEquals(8, o.get(DhcpOption.DNS).orElseThrow().length);
    assertEquals("lab.test", o.string(DhcpOption.DOMAIN_NAME).orElseThrow());
    assertFalse(o.has(DhcpOption.VENDOR_CLASS));
    assertFalse(o.has(DhcpOption.BOOTFILE_NAME));
    assertEquals("", offer.file());
    assertTrue(policy.asked.isEmpty());
  }

  @Test
  void fullDoraForABiosPxeRom() throws Exception {
    DhcpPacket discover = DhcpCodec.decode(PxeFixtures.BIOS_PXE_DISCOVER);
    Outbound out = reply(discover);
    assertEquals(new InetSocketAddress(Ipv4.BROADCAST, 68), out.destination());
    DhcpPacket offer = out.packet();
    assertEquals(discover.xid(), offer.xid());
    assertEquals(SERVER, offer.siaddr());
    assertEquals("pxelinux.0", offer.file());
    DhcpOptions o = offer.options();
    assertEquals("PXEClient", o.string(DhcpOption.VENDOR_CLASS).orElseThrow());
    assertArrayEquals(PxeBoot.DISCOVERY_CONTROL, o.get(DhcpOption.VENDOR_SPECIFIC).orElseThrow());
    assertArrayEquals("pxelinux.0\0".getBytes(), o.get(DhcpOption.BOOTFILE_NAME).orElseThrow());
    assertArrayEquals(
        discover.options().get(DhcpOption.CLIENT_UUID).orElseThrow(),
        o.get(DhcpOption.CLIENT_UUID).orElseThrow());
    // The ROM asked for 66 in its PRL, so it gets the server name too.
    assertEquals("198.18.0.1", o.string(DhcpOption.TFTP_SERVER_NAME).orElseThrow());

    DhcpPacket request =
        Requests.as(
            discover,
            DhcpMessageType.REQUEST,
            b ->
                b.setAddress(DhcpOption.REQUESTED_IP, offer.yiaddr())
                    .setAddress(DhcpOption.SERVER_ID, SERVER));
    DhcpPacket ack = reply(request).packet();
    assertEquals(DhcpMessageType.ACK, ack.messageType().orElseThrow());
    assertEquals(offer.yiaddr(), ack.yiaddr());
    assertEquals("pxelinux.0", ack.file(), "pxelinux reads the cached ACK: boot info repeated");
    assertEquals(SERVER, ack.siaddr());
    assertEquals(PXE_MAC, directory.macAt(ack.yiaddr()).orElseThrow());
    assertEquals(List.of("discover", "offer", "request", "ack"), sink.steps());
    assertEquals(PXE_MAC.colon(), sink.events.get(3).mac());
    assertEquals(ack.yiaddr().getHostAddress(), sink.events.get(3).ip());
    assertEquals("44454c4c-4b00-1048-8033-b3c04f383332", sink.events.get(3).uuid());
  }

  @Test
  void ipxeGetsItsScriptAndNoProxyWait() throws Exception {
    DhcpPacket offer = reply(DhcpCodec.decode(PxeFixtures.IPXE_DISCOVER)).packet();
    assertEquals("http://198.18.0.1:8080/boot.ipxe?mac=52:54:00:12:34:56", offer.file());
    assertArrayEquals(
        PxeBoot.IPXE_NO_PXEDHCP, offer.options().get(DhcpOption.IPXE_ENCAP).orElseThrow());
    assertTrue(offer.options().has(DhcpOption.VENDOR_SPECIFIC));
    assertTrue(policy.asked.get(0).ipxe());
  }

  @Test
  void uefiAndHttpBoot() throws Exception {
    DhcpPacket uefi = reply(DhcpCodec.decode(PxeFixtures.UEFI_X64_DISCOVER)).packet();
    assertEquals("ipxe.efi", uefi.file());
    DhcpPacket http = reply(DhcpCodec.decode(PxeFixtures.HTTP_CLIENT_DISCOVER)).packet();
    assertEquals("HTTPClient", http.options().string(DhcpOption.VENDOR_CLASS).orElseThrow());
    assertEquals(
        "http://198.18.0.1:8080/ipxe.efi",
        http.options().string(DhcpOption.BOOTFILE_NAME).orElseThrow());
    assertFalse(http.options().has(DhcpOption.VENDOR_SPECIFIC));
    assertEquals(uefi.yiaddr(), http.yiaddr(), "same MAC, same address");
  }

  @Test
  void requestForAnotherServerIsIgnoredAndOurOfferReleased() {
    DhcpPacket offer = reply(Requests.plain(PC, DhcpMessageType.DISCOVER)).packet();
    Inet4Address other = Ipv4.require("198.18.0.254");
    DhcpPacket request =
        Requests.as(
            Requests.plain(PC, DhcpMessageType.DISCOVER),
            DhcpMessageType.REQUEST,
            b ->
                b.setAddress(DhcpOption.SERVER_ID, other)
                    .setAddress(DhcpOption.REQUESTED_IP, Ipv4.require("198.18.0.77")));
    assertTrue(responder.handle(new Received(request, FROM, false)).isEmpty());
    assertEquals(List.of(other), foreign);
    assertFalse(store.byIp(offer.yiaddr()).orElseThrow().activeAt(clock.instant()));
  }

  @Test
  void initRebootOnAnotherNetworkIsNaked() {
    DhcpPacket request =
        Requests.as(
            Requests.plain(PC, DhcpMessageType.DISCOVER),
            DhcpMessageType.REQUEST,
            b -> b.setAddress(DhcpOption.REQUESTED_IP, Ipv4.require("10.1.2.3")));
    Outbound nak = reply(request);
    assertEquals(DhcpMessageType.NAK, nak.packet().messageType().orElseThrow());
    assertEquals(new InetSocketAddress(Ipv4.BROADCAST, 68), nak.destination());
    assertEquals(
        "10.1.2.3 is not on network 198.18.0.0/24",
        nak.packet().options().string(DhcpOption.MESSAGE).orElseThrow());
    assertEquals(Ipv4.ANY, nak.packet().yiaddr());
  }

  @Test
  void renewingClientIsAnsweredByUnicast() {
    Inet4Address ip = Ipv4.require("198.18.0.150");
    DhcpPacket renew = Requests.withCiaddr(Requests.plain(PC, DhcpMessageType.REQUEST), ip);
    Outbound ack = reply(renew);
    assertEquals(DhcpMessageType.ACK, ack.packet().messageType().orElseThrow());
    assertEquals(new InetSocketAddress(ip, 68), ack.destination());
    assertEquals(ip, ack.packet().yiaddr());
    assertEquals(ip, ack.packet().ciaddr());
    // Another client renewing the same address is refused.
    Outbound nak = reply(Requests.withCiaddr(Requests.plain(PXE_MAC, DhcpMessageType.REQUEST), ip));
    assertEquals(DhcpMessageType.NAK, nak.packet().messageType().orElseThrow());
  }

  @Test
  void relayedRequestUsesTheRelaySubnetAndEchoesOption82() {
    Inet4Address relay = Ipv4.require("198.19.7.1");
    byte[] agent = Hex.fixture("01 04 \"eth7\" 02 02 \"sw\"");
    DhcpPacket discover =
        Requests.relayed(
            Requests.as(
                Requests.plain(PC, DhcpMessageType.DISCOVER),
                DhcpMessageType.DISCOVER,
                b -> b.set(DhcpOption.RELAY_AGENT_INFO, agent)),
            relay);
    Outbound out = reply(discover);
    assertEquals(new InetSocketAddress(relay, 67), out.destination());
    assertTrue(remote.inRange(out.packet().yiaddr()));
    assertEquals(relay, out.packet().giaddr());
    assertEquals(0, out.packet().hops());
    assertEquals(relay, out.packet().options().address(DhcpOption.ROUTER).orElseThrow());
    assertArrayEquals(agent, out.packet().options().get(DhcpOption.RELAY_AGENT_INFO).orElseThrow());
    List<Integer> codes = List.copyOf(out.packet().options().codes());
    assertEquals(DhcpOption.RELAY_AGENT_INFO, codes.get(codes.size() - 1));

    DhcpPacket unknown =
        Requests.relayed(Requests.plain(PC, DhcpMessageType.DISCOVER), Ipv4.require("10.9.9.9"));
    assertTrue(responder.handle(new Received(unknown, FROM, false)).isEmpty());
  }

  @Test
  void reservedHostAlwaysGetsItsAddress() {
    Inet4Address reserved = Ipv4.require("198.18.0.42");
    policy.reservations.put(PC, reserved);
    assertEquals(reserved, reply(Requests.plain(PC, DhcpMessageType.DISCOVER)).packet().yiaddr());
    DhcpPacket wrong =
        Requests.as(
            Requests.plain(PC, DhcpMessageType.DISCOVER),
            DhcpMessageType.REQUEST,
            b -> b.setAddress(DhcpOption.REQUESTED_IP, Ipv4.require("198.18.0.100")));
    assertEquals(DhcpMessageType.NAK, reply(wrong).packet().messageType().orElseThrow());
  }

  @Test
  void dynamicClientsNeverGetAnAddressReservedForAnotherHost() {
    MacAddress owner = MacAddress.of("02:00:00:00:00:99");
    Inet4Address first = local.first();
    policy.reservations.put(owner, first);
    Inet4Address got = reply(Requests.plain(PC, DhcpMessageType.DISCOVER)).packet().yiaddr();
    assertNotEquals(first, got, "the range starts with the reserved address; it is skipped");

    DhcpPacket askForIt =
        Requests.as(
            Requests.plain(PC, DhcpMessageType.DISCOVER),
            DhcpMessageType.REQUEST,
            b -> b.setAddress(DhcpOption.REQUESTED_IP, first));
    DhcpPacket nak = reply(askForIt).packet();
    assertEquals(DhcpMessageType.NAK, nak.messageType().orElseThrow());
    assertTrue(nak.options().string(DhcpOption.MESSAGE).orElseThrow().contains("reserved"));

    // An address becomes reserved for another machine while a client still holds it: the client
    // is refused on renewal and offered another one; the owner gets it.
    DhcpPacket bind =
        Requests.as(
            Requests.plain(PC, DhcpMessageType.DISCOVER),
            DhcpMessageType.REQUEST,
            b ->
                b.setAddress(DhcpOption.REQUESTED_IP, got)
                    .setAddress(DhcpOption.SERVER_ID, SERVER));
    assertEquals(DhcpMessageType.ACK, reply(bind).packet().messageType().orElseThrow());
    MacAddress second = MacAddress.of("02:00:00:00:00:98");
    policy.reservations.put(second, got);
    DhcpPacket renew = Requests.withCiaddr(Requests.plain(PC, DhcpMessageType.REQUEST), got);
    assertEquals(DhcpMessageType.NAK, reply(renew).packet().messageType().orElseThrow());
    Inet4Address moved = reply(Requests.plain(PC, DhcpMessageType.DISCOVER)).packet().yiaddr();
    assertNotEquals(got, moved);
    assertNotEquals(first, moved);
    assertEquals(first, reply(Requests.plain(owner, DhcpMessageType.DISCOVER)).packet().yiaddr());
  }

  @Test
  void declineQuarantinesAndReleaseFrees() {
    DhcpPacket offer = reply(Requests.plain(PC, DhcpMessageType.DISCOVER)).packet();
    Inet4Address ip = offer.yiaddr();
    DhcpPacket decline =
        Requests.as(
            Requests.plain(PC, DhcpMessageType.DISCOVER),
            DhcpMessageType.DECLINE,
            b ->
                b.setAddress(DhcpOption.REQUESTED_IP, ip).setAddress(DhcpOption.SERVER_ID, SERVER));
    assertTrue(responder.handle(new Received(decline, FROM, false)).isEmpty());
    Inet4Address second = reply(Requests.plain(PC, DhcpMessageType.DISCOVER)).packet().yiaddr();
    assertFalse(ip.equals(second));
    DhcpPacket release = Requests.withCiaddr(Requests.plain(PC, DhcpMessageType.RELEASE), second);
    assertTrue(responder.handle(new Received(release, FROM, false)).isEmpty());
    assertFalse(store.byIp(second).orElseThrow().activeAt(clock.instant()));
    assertTrue(sink.steps().containsAll(List.of("decline", "release")));
  }

  @Test
  void informGetsOptionsWithoutALease() {
    Inet4Address ip = Ipv4.require("198.18.0.9");
    Outbound out = reply(Requests.withCiaddr(Requests.plain(PC, DhcpMessageType.INFORM), ip));
    assertEquals(DhcpMessageType.ACK, out.packet().messageType().orElseThrow());
    assertEquals(Ipv4.ANY, out.packet().yiaddr());
    assertFalse(out.packet().options().has(DhcpOption.LEASE_TIME));
    assertEquals(new InetSocketAddress(ip, 68), out.destination());
    assertEquals(PC, directory.macAt(ip).orElseThrow());
  }

  @Test
  void foreignOfferIsNoticed() {
    DhcpPacket foreignOffer = Requests.plain(PC, DhcpMessageType.OFFER);
    DhcpPacket asReply =
        new DhcpPacket(
            DhcpPacket.BOOTREPLY,
            1,
            6,
            0,
            1,
            0,
            0,
            null,
            null,
            null,
            null,
            DhcpPacket.chaddrOf(PC),
            "",
            "",
            foreignOffer.options().toBuilder()
                .setAddress(DhcpOption.SERVER_ID, Ipv4.require("198.18.0.77"))
                .build());
    assertTrue(responder.handle(new Received(asReply, FROM, false)).isEmpty());
    assertEquals(List.of(Ipv4.require("198.18.0.77")), foreign);
  }
}
