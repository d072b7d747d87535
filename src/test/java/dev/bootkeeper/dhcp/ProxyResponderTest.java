package dev.bootkeeper.dhcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.boot.ClientDirectory;
import dev.bootkeeper.boot.Ipv4;
import dev.bootkeeper.boot.MacAddress;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProxyResponderTest {

  static final Inet4Address SERVER = Ipv4.require("198.18.0.1");
  final MutableClock clock = new MutableClock();
  final FakePolicy policy = new FakePolicy(SERVER);
  final ClientDirectory directory = new ClientDirectory();
  final RecordingSink sink = new RecordingSink();
  final DhcpSettings settings =
      new DhcpSettings(
          DhcpMode.PROXY,
          Optional.empty(),
          Ipv4.ANY,
          67,
          4011,
          68,
          SERVER,
          List.of(),
          Duration.ofSeconds(60),
          Duration.ofMinutes(10),
          1);
  final ProxyResponder responder =
      new ProxyResponder(settings, policy, directory, new DhcpEvents(sink, clock));

  Optional<Outbound> handle(DhcpPacket p, boolean proxyPort, InetSocketAddress from) {
    return responder
        .handle(new Received(p, from, proxyPort))
        .map(
            o -> {
              try {
                return new Outbound(
                    DhcpCodec.decode(o.encode()), o.destination(), o.maxSize(), o.fromProxyPort());
              } catch (MalformedDhcpException e) {
                throw new AssertionError(e);
              }
            });
  }

  Optional<Outbound> on67(DhcpPacket p) {
    return handle(p, false, new InetSocketAddress(Ipv4.ANY, 68));
  }

  @Test
  void biosRomGetsDirectDownloadOffer() throws Exception {
    DhcpPacket discover = DhcpCodec.decode(PxeFixtures.BIOS_PXE_DISCOVER);
    Outbound out = on67(discover).orElseThrow();
    DhcpPacket offer = out.packet();
    assertEquals(DhcpMessageType.OFFER, offer.messageType().orElseThrow());
    assertEquals(Ipv4.ANY, offer.yiaddr());
    assertEquals(SERVER, offer.siaddr());
    assertEquals("pxelinux.0", offer.file());
    assertTrue(offer.broadcastFlag());
    assertArrayEquals(
        PxeBoot.DISCOVERY_CONTROL, offer.options().get(DhcpOption.VENDOR_SPECIFIC).orElseThrow());
    assertEquals("PXEClient", offer.options().string(DhcpOption.VENDOR_CLASS).orElseThrow());
    assertEquals(SERVER, offer.options().address(DhcpOption.SERVER_ID).orElseThrow());
    assertTrue(offer.options().has(DhcpOption.CLIENT_UUID));
    assertFalse(offer.options().has(DhcpOption.LEASE_TIME));
    assertEquals(new InetSocketAddress(Ipv4.BROADCAST, 68), out.destination());
    assertFalse(out.fromProxyPort());
  }

  @Test
  void uefiGetsNoOption43On67ThenAnAckOn4011() throws Exception {
    DhcpPacket discover = DhcpCodec.decode(PxeFixtures.UEFI_X64_DISCOVER);
    DhcpPacket offer = on67(discover).orElseThrow().packet();
    assertFalse(offer.options().has(DhcpOption.VENDOR_SPECIFIC));
    assertEquals(SERVER, offer.siaddr());
    assertEquals("ipxe.efi", offer.file());

    Inet4Address ip = Ipv4.require("198.18.0.120");
    DhcpPacket request =
        Requests.withCiaddr(
            Requests.as(
                discover,
                DhcpMessageType.REQUEST,
                b ->
                    b.setAddress(DhcpOption.SERVER_ID, SERVER)
                        .set(DhcpOption.VENDOR_SPECIFIC, Hex.fixture("47 04 80 00 00 00 ff"))),
            ip);
    assertTrue(on67(request).isEmpty(), "REQUESTs on 67 belong to the real DHCP server");
    Outbound out = handle(request, true, new InetSocketAddress(ip, 4011)).orElseThrow();
    DhcpPacket ack = out.packet();
    assertEquals(DhcpMessageType.ACK, ack.messageType().orElseThrow());
    assertTrue(out.fromProxyPort());
    assertEquals(new InetSocketAddress(ip, 4011), out.destination());
    assertEquals("ipxe.efi", ack.file());
    assertEquals("198.18.0.1", ack.sname());
    assertEquals(SERVER, ack.siaddr());
    assertArrayEquals(
        Hex.fixture("47 04 80 00 00 00 ff"),
        ack.options().get(DhcpOption.VENDOR_SPECIFIC).orElseThrow());
    assertEquals(discover.mac().orElseThrow(), directory.macAt(ip).orElseThrow());
    assertEquals(List.of("discover", "offer", "request", "ack"), sink.steps());
  }

  @Test
  void learnsTheAddressABiosClientRequestsFromTheRealServer() throws Exception {
    DhcpPacket discover = DhcpCodec.decode(PxeFixtures.BIOS_PXE_DISCOVER);
    Inet4Address ip = Ipv4.require("198.18.0.121");
    DhcpPacket request =
        Requests.as(
            discover,
            DhcpMessageType.REQUEST,
            b ->
                b.setAddress(DhcpOption.SERVER_ID, Ipv4.require("198.18.0.2"))
                    .setAddress(DhcpOption.REQUESTED_IP, ip));
    assertTrue(on67(request).isEmpty(), "the REQUEST is the real server's to answer");
    assertEquals(discover.mac().orElseThrow(), directory.macAt(ip).orElseThrow());
  }

  @Test
  void ipxeGetsItsScriptUrl() throws Exception {
    DhcpPacket offer = on67(DhcpCodec.decode(PxeFixtures.IPXE_DISCOVER)).orElseThrow().packet();
    assertEquals("http://198.18.0.1:8080/boot.ipxe?mac=52:54:00:12:34:56", offer.file());
    assertEquals(SERVER, offer.siaddr(), "BIOS iPXE needs next-server or says Nothing to boot");
  }

  @Test
  void httpBootGetsHttpClientOffer() throws Exception {
    DhcpPacket offer =
        on67(DhcpCodec.decode(PxeFixtures.HTTP_CLIENT_DISCOVER)).orElseThrow().packet();
    assertEquals("HTTPClient", offer.options().string(DhcpOption.VENDOR_CLASS).orElseThrow());
    assertEquals(
        "http://198.18.0.1:8080/ipxe.efi",
        offer.options().string(DhcpOption.BOOTFILE_NAME).orElseThrow());
    assertEquals(Ipv4.ANY, offer.yiaddr());
  }

  @Test
  void ordinaryClientsAndPxeWithoutArchAreLeftAlone() throws Exception {
    assertTrue(
        on67(Requests.plain(MacAddress.of("02:00:00:00:00:01"), DhcpMessageType.DISCOVER))
            .isEmpty());
    DhcpPacket noArch = DhcpCodec.decode(PxeFixtures.BIOS_PXE_DISCOVER);
    noArch =
        noArch.withOptions(noArch.options().toBuilder().remove(DhcpOption.CLIENT_ARCH).build());
    assertTrue(on67(noArch).isEmpty());
    assertTrue(sink.events.isEmpty());
  }

  @Test
  void relayedProxyOfferGoesToTheRelay() throws Exception {
    Inet4Address relay = Ipv4.require("198.19.7.1");
    DhcpPacket discover = Requests.relayed(DhcpCodec.decode(PxeFixtures.BIOS_PXE_DISCOVER), relay);
    assertEquals(new InetSocketAddress(relay, 67), on67(discover).orElseThrow().destination());
  }
}
