package dev.bootkeeper.dhcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.boot.ClientDirectory;
import dev.bootkeeper.boot.DhcpOptionSpec;
import dev.bootkeeper.boot.Ipv4;
import dev.bootkeeper.boot.MacAddress;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Full mode for clients that are not PXE firmware: next-server and boot file for plain clients and
 * U-Boot, options per subnet and host, and the subnet chosen by options 118 and 82.5.
 */
class WholeLanResponderTest {

  static final Inet4Address SERVER = Ipv4.require("198.18.0.1");
  static final MacAddress PC = MacAddress.of("02:00:00:00:00:01");
  static final MacAddress BOARD = MacAddress.of("02:00:00:00:00:02");

  final FakePolicy policy = new FakePolicy(SERVER);
  final Subnet local =
      Subnet.of(
              "198.18.0.0/24",
              "198.18.0.100-198.18.0.199",
              Optional.of(SERVER),
              List.of(SERVER),
              Optional.of("lab.test"),
              Duration.ofHours(12))
          .withOptions(
              ConfiguredOption.parse(
                  "subnet",
                  List.of(
                      new DhcpOptionSpec("mtu", null, "1500", null),
                      new DhcpOptionSpec("ntp-servers", null, "198.18.0.123", true),
                      new DhcpOptionSpec(
                          "classless-static-routes", null, "192.0.2.0/24 via 198.18.0.254", null),
                      new DhcpOptionSpec("domain-search", null, "lab.test, example.org", null),
                      new DhcpOptionSpec("150", "ip", "198.18.0.69", null))));
  final Subnet remote =
      Subnet.of(
          "198.19.7.0/24",
          "198.19.7.10-198.19.7.20",
          Optional.of(Ipv4.require("198.19.7.1")),
          List.of(),
          Optional.empty(),
          Duration.ofHours(1));
  final Subnet third =
      Subnet.of(
          "198.19.9.0/24",
          "198.19.9.10-198.19.9.20",
          Optional.empty(),
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
          List.of(local, remote, third),
          Duration.ofSeconds(60),
          Duration.ofMinutes(10),
          2,
          List.of(
              new VendorBootFile("U-Boot.armv8", "boot/arm64/boot.scr.uimg"),
              new VendorBootFile("U-Boot", "boot/any/boot.scr.uimg")));
  final MutableClock clock = new MutableClock();
  final FullResponder responder =
      new FullResponder(
          settings,
          new LeaseAllocator(
              new InMemoryLeaseStore(), clock, Duration.ofSeconds(60), Duration.ZERO),
          policy,
          new ClientDirectory(),
          new DhcpEvents(new RecordingSink(), clock),
          a -> {});

  Optional<DhcpPacket> answer(DhcpPacket p) {
    return responder
        .handle(new Received(p, new InetSocketAddress(Ipv4.ANY, 68), false))
        .map(
            o -> {
              try {
                return DhcpCodec.decode(o.encode());
              } catch (MalformedDhcpException e) {
                throw new AssertionError(e);
              }
            });
  }

  static DhcpPacket discover(MacAddress mac, int... requested) {
    byte[] prl = new byte[requested.length];
    for (int i = 0; i < requested.length; i++) {
      prl[i] = (byte) requested[i];
    }
    return Requests.as(
        Requests.plain(mac, DhcpMessageType.DISCOVER),
        DhcpMessageType.DISCOVER,
        b -> {
          if (prl.length > 0) {
            b.set(DhcpOption.PARAMETER_REQUEST_LIST, prl);
          }
        });
  }

  @Test
  void aPlainClientLearnsTheNextServerButIsNotAskedAbout() {
    DhcpPacket offer = answer(discover(PC, 1, 3, 6)).orElseThrow();
    assertEquals(SERVER, offer.siaddr());
    assertEquals("", offer.file());
    assertFalse(offer.options().has(DhcpOption.BOOTFILE_NAME));
    assertTrue(policy.asked.isEmpty(), "no boot file asked for: not a boot client");
  }

  @Test
  void aClientAskingForOptions66And67GetsTheBootFileInFieldsAndOptions() {
    DhcpPacket offer = answer(discover(PC, 1, 3, 66, 67)).orElseThrow();
    assertEquals(SERVER, offer.siaddr());
    assertEquals("pxelinux.0", offer.file());
    assertEquals("198.18.0.1", offer.sname());
    // Plain text, no trailing NUL: RFC 2132 §2 options are not NUL-terminated.
    assertArrayEquals("198.18.0.1".getBytes(), offer.options().get(66).orElseThrow());
    assertArrayEquals("pxelinux.0".getBytes(), offer.options().get(67).orElseThrow());
    assertFalse(offer.options().has(DhcpOption.VENDOR_CLASS), "not a PXE reply");
    assertEquals(1, policy.asked.size());
  }

  @Test
  void uBootGetsTheBootFileOfTheLongestMatchingVendorClass() {
    DhcpPacket armv8 =
        Requests.as(
            discover(BOARD, 1, 3),
            DhcpMessageType.DISCOVER,
            b -> b.setString(DhcpOption.VENDOR_CLASS, "U-Boot.armv8"));
    DhcpPacket offer = answer(armv8).orElseThrow();
    assertEquals(SERVER, offer.siaddr());
    assertEquals("boot/arm64/boot.scr.uimg", offer.file());
    assertEquals("boot/arm64/boot.scr.uimg", offer.options().string(67).orElseThrow());
    assertFalse(offer.options().has(66), "not asked for");
    DhcpPacket armv7 =
        Requests.as(
            discover(MacAddress.of("02:00:00:00:00:03")),
            DhcpMessageType.DISCOVER,
            b -> b.setString(DhcpOption.VENDOR_CLASS, "U-Boot.armv7"));
    assertEquals("boot/any/boot.scr.uimg", answer(armv7).orElseThrow().file());
  }

  @Test
  void configuredOptionsGoToClientsThatAskAndForcedOnesToAll() {
    DhcpOptions none = answer(discover(PC, 1, 3)).orElseThrow().options();
    assertFalse(none.has(DhcpOption.MTU));
    assertFalse(none.has(150));
    assertArrayEquals(Hex.fixture("c6 12 00 7b"), none.get(DhcpOption.NTP_SERVERS).orElseThrow());

    DhcpOptions asked =
        answer(discover(MacAddress.of("02:00:00:00:00:04"), 26, 119, 121, 150, 249))
            .orElseThrow()
            .options();
    assertArrayEquals(Hex.fixture("05 dc"), asked.get(DhcpOption.MTU).orElseThrow());
    assertArrayEquals(Hex.fixture("c6 12 00 45"), asked.get(150).orElseThrow());
    byte[] routes = Hex.fixture("18 c0 00 02 c6 12 00 fe");
    assertArrayEquals(routes, asked.get(DhcpOption.CLASSLESS_ROUTES).orElseThrow());
    assertArrayEquals(routes, asked.get(DhcpOption.MS_CLASSLESS_ROUTES).orElseThrow());
    assertArrayEquals(
        Hex.fixture("03 \"lab\" 04 \"test\" 00  07 \"example\" 03 \"org\" 00"),
        asked.get(DhcpOption.DOMAIN_SEARCH).orElseThrow());
  }

  @Test
  void aHostsOptionOverridesItsSubnets() {
    MacAddress host = MacAddress.of("02:00:00:00:00:05");
    policy.hostOptions.put(
        host,
        List.of(
            new DhcpOptionSpec("mtu", null, "9000", null),
            new DhcpOptionSpec("224", "string", "rack 7", null)));
    DhcpOptions o = answer(discover(host, 26, 224)).orElseThrow().options();
    assertArrayEquals(Hex.fixture("23 28"), o.get(DhcpOption.MTU).orElseThrow());
    assertEquals("rack 7", o.string(224).orElseThrow());
  }

  @Test
  void optionsStoredWrongAreLeftOutNotHalfSent() {
    MacAddress host = MacAddress.of("02:00:00:00:00:06");
    policy.hostOptions.put(host, List.of(new DhcpOptionSpec("mtu", null, "lots", null)));
    DhcpOptions o = answer(discover(host, 26)).orElseThrow().options();
    assertArrayEquals(Hex.fixture("05 dc"), o.get(DhcpOption.MTU).orElseThrow(), "the subnet's");
  }

  @Test
  void subnetSelectionWinsOverTheRelayAndIsEchoed() {
    byte[] select = Ipv4.require("198.19.9.0").getAddress();
    DhcpPacket relayed =
        Requests.relayed(
            Requests.as(
                discover(PC),
                DhcpMessageType.DISCOVER,
                b -> b.set(DhcpOption.SUBNET_SELECTION, select)),
            Ipv4.require("198.19.7.1"));
    DhcpPacket offer = answer(relayed).orElseThrow();
    assertTrue(third.inRange(offer.yiaddr()), offer.yiaddr().toString());
    assertArrayEquals(select, offer.options().get(DhcpOption.SUBNET_SELECTION).orElseThrow());
    // Not relayed at all: option 118 still chooses.
    DhcpPacket direct =
        Requests.as(
            discover(MacAddress.of("02:00:00:00:00:07")),
            DhcpMessageType.DISCOVER,
            b -> b.set(DhcpOption.SUBNET_SELECTION, Ipv4.require("198.19.7.33").getAddress()));
    assertTrue(remote.inRange(answer(direct).orElseThrow().yiaddr()));
  }

  @Test
  void anUnknownSelectedSubnetIsNotServedFromAnother() {
    DhcpPacket p =
        Requests.as(
            discover(PC),
            DhcpMessageType.DISCOVER,
            b -> b.set(DhcpOption.SUBNET_SELECTION, Ipv4.require("203.0.113.0").getAddress()));
    assertTrue(answer(p).isEmpty());
  }

  @Test
  void linkSelectionWinsOverGiaddrAndOption82IsEchoed() {
    byte[] agent =
        Hex.fixture(
            """
            01 04 "eth7"          # circuit id
            05 04 c6 13 09 00     # link selection: 198.19.9.0
            """);
    DhcpPacket relayed =
        Requests.relayed(
            Requests.as(
                discover(PC),
                DhcpMessageType.DISCOVER,
                b -> b.set(DhcpOption.RELAY_AGENT_INFO, agent)),
            Ipv4.require("198.19.7.1"));
    DhcpPacket offer = answer(relayed).orElseThrow();
    assertTrue(third.inRange(offer.yiaddr()), offer.yiaddr().toString());
    assertArrayEquals(agent, offer.options().get(DhcpOption.RELAY_AGENT_INFO).orElseThrow());
    assertEquals(Ipv4.require("198.19.7.1"), offer.giaddr());
  }

  @Test
  void subnetSelectionWinsOverLinkSelection() {
    DhcpPacket p =
        Requests.as(
            discover(PC),
            DhcpMessageType.DISCOVER,
            b ->
                b.set(DhcpOption.SUBNET_SELECTION, Ipv4.require("198.19.7.0").getAddress())
                    .set(DhcpOption.RELAY_AGENT_INFO, Hex.fixture("05 04 c6 13 09 00")));
    assertTrue(remote.inRange(answer(p).orElseThrow().yiaddr()));
  }
}
