package dev.bootkeeper.dhcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.boot.DhcpOptionSpec;
import dev.bootkeeper.boot.Ipv4;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each option type against the bytes RFC 2132, RFC 3442, RFC 3397 and RFC 3396 prescribe. */
class OptionEncodingTest {

  static byte[] encode(String option, String type, String value) {
    return ConfiguredOption.parse("o", List.of(new DhcpOptionSpec(option, type, value, null)))
        .get(0)
        .value();
  }

  static String refusal(String option, String type, String value) {
    return assertThrows(
            IllegalArgumentException.class, () -> encode(option, type, value), option + " " + value)
        .getMessage();
  }

  @Test
  void scalarTypes() {
    assertArrayEquals(Hex.fixture("c6 12 00 05"), encode("150", "ip", "198.18.0.5"));
    assertArrayEquals(
        Hex.fixture("c6 12 00 05  c6 12 00 06"), encode("150", "ips", "198.18.0.5, 198.18.0.6"));
    assertArrayEquals(Hex.fixture("\"/srv/root\""), encode("17", "string", "/srv/root"));
    assertArrayEquals(Hex.fixture("40"), encode("23", "u8", "64"));
    assertArrayEquals(Hex.fixture("05 dc"), encode("22", "u16", "1500"));
    assertArrayEquals(Hex.fixture("00 01 51 80"), encode("24", "u32", "86400"));
    assertArrayEquals(Hex.fixture("ff ff ff ff"), encode("24", "u32", "4294967295"));
    assertArrayEquals(Hex.fixture("01"), encode("19", "bool", "true"));
    assertArrayEquals(Hex.fixture("00"), encode("19", "bool", "off"));
    assertArrayEquals(Hex.fixture("01 02 ff"), encode("224", "hex", "01:02:ff"));
    assertArrayEquals(Hex.fixture("01 02 ff"), encode("224", "hex", "0102FF"));
  }

  @Test
  void namedOptionsTakeTheirCodeAndType() {
    ConfiguredOption mtu =
        ConfiguredOption.parse("o", List.of(new DhcpOptionSpec("mtu", null, "9000", null))).get(0);
    assertEquals(26, mtu.code());
    assertArrayEquals(Hex.fixture("23 28"), mtu.value());
    ConfiguredOption ntp =
        ConfiguredOption.parse(
                "o", List.of(new DhcpOptionSpec("ntp-servers", null, "198.18.0.1", null)))
            .get(0);
    assertEquals(42, ntp.code());
    // A named code without a type reads the named type.
    assertArrayEquals(Hex.fixture("c6 12 00 01"), encode("42", null, "198.18.0.1"));
    assertEquals("ntp-servers", ntp.spec().option());
  }

  @Test
  void classlessRoutesSendOnlyTheSignificantOctets() {
    // RFC 3442 §2: width, significant octets of the destination, router.
    assertArrayEquals(
        Hex.fixture(
            """
            18 c0 00 02        c6 12 00 01   # 192.0.2.0/24 via 198.18.0.1
            00                 c6 12 00 fe   # 0.0.0.0/0 via 198.18.0.254
            20 0a 01 02 03     c6 12 00 01   # 10.1.2.3/32
            09 0a 80           c6 12 00 01   # 10.128.0.0/9: two octets
            """),
        encode(
            "classless-static-routes",
            null,
            "192.0.2.0/24 via 198.18.0.1, 0.0.0.0/0 via 198.18.0.254,"
                + " 10.1.2.3/32 via 198.18.0.1, 10.128.0.0/9 via 198.18.0.1"));
    assertTrue(refusal("121", null, "192.0.2.1/24 via 198.18.0.1").contains("host bits"));
    assertTrue(refusal("121", null, "192.0.2.0/24 198.18.0.1").contains("via"));
    assertTrue(refusal("121", null, "192.0.2.0/33 via 198.18.0.1").contains("/33"));
    assertEquals(
        "192.0.2.0/24 via 198.18.0.1, 0.0.0.0/0 via 198.18.0.254",
        OptionType.ROUTES.format(
            encode("121", null, "192.0.2.0/24 via 198.18.0.1, 0.0.0.0/0 via 198.18.0.254")));
  }

  @Test
  void domainSearchIsCompressedAsRfc3397Shows() {
    // RFC 3397 §3's example: eng.apple.com and marketing.apple.com.
    assertArrayEquals(
        Hex.fixture(
            """
            03 "eng" 05 "apple" 03 "com" 00   # offset 0; "apple.com" starts at 4
            09 "marketing" c0 04              # a pointer to offset 4
            """),
        encode("domain-search", null, "eng.apple.com, marketing.apple.com"));
    assertEquals(
        "eng.apple.com, marketing.apple.com",
        OptionType.DOMAINS.format(encode("119", null, "eng.apple.com marketing.apple.com.")));
    assertTrue(refusal("119", null, "bad..name").contains("not a domain name"));
  }

  @Test
  void clearMessagesNameTheEntryAndTheProblem() {
    assertEquals("o[0].value: '300' is not between 0 and 255", refusal("23", "u8", "300"));
    assertEquals("o[0].value: 'x' is not true or false", refusal("19", "bool", "x"));
    assertTrue(refusal("224", "hex", "0g").contains("not hex bytes"));
    assertTrue(refusal("150", "ip", "198.18.0.300").contains("not an IPv4 address"));
    assertTrue(refusal("150", null, "1").startsWith("o[0].type is required for option 150"));
    assertTrue(refusal("150", "float", "1").contains("'float' is not one of ip, ips"));
    assertTrue(refusal("ntp", null, "1").contains("neither a code 1-254 nor one of"));
    assertTrue(refusal("mtu", null, "60").contains("at least 68"));
    assertTrue(refusal("51", "u32", "60").contains("cannot be set"));
    assertTrue(refusal("67", "string", "x").contains("boot file"));
    assertTrue(refusal("255", "u8", "1").contains("codes are 1-254"));
    assertTrue(refusal("17", "string", "a\nb").contains("not printable ASCII"));
    IllegalArgumentException twice =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ConfiguredOption.parse(
                    "o",
                    List.of(
                        new DhcpOptionSpec("mtu", null, "1500", null),
                        new DhcpOptionSpec("26", "u16", "1400", null))));
    assertEquals("o[1]: mtu (26) is given twice; give it once", twice.getMessage());
  }

  @Test
  void aHostOptionReplacesTheSubnetsOfTheSameCode() {
    List<ConfiguredOption> subnet =
        ConfiguredOption.parse(
            "s",
            List.of(
                new DhcpOptionSpec("mtu", null, "1500", null),
                new DhcpOptionSpec("ntp-servers", null, "198.18.0.1", null)));
    List<ConfiguredOption> host =
        ConfiguredOption.parse("h", List.of(new DhcpOptionSpec("mtu", null, "9000", null)));
    List<ConfiguredOption> merged = ConfiguredOption.merge(subnet, host);
    assertEquals(2, merged.size());
    assertEquals("9000", merged.get(0).text());
    assertEquals("198.18.0.1", merged.get(1).text());
  }

  @Test
  void anOptionLongerThan255BytesIsSplitAndJoinedAgain() throws Exception {
    // 70 addresses: 280 bytes, sent as two instances of option 150, 255 + 25 (RFC 3396 §5).
    StringBuilder list = new StringBuilder();
    for (int i = 1; i <= 70; i++) {
      list.append(list.length() > 0 ? "," : "").append("198.18.1.").append(i);
    }
    byte[] value = encode("150", "ips", list.toString());
    assertEquals(280, value.length);
    DhcpPacket reply =
        Requests.plain(FullResponderTest.PC, DhcpMessageType.OFFER)
            .replyShell(
                DhcpOptions.builder().messageType(DhcpMessageType.OFFER).set(150, value).build());
    byte[] wire = DhcpCodec.encode(reply, 1000);
    int options = DhcpCodec.MIN_SIZE;
    assertArrayEquals(Hex.fixture("35 01 02"), Arrays.copyOfRange(wire, options, options + 3));
    assertArrayEquals(Hex.fixture("96 ff c6 12 01 01"), Arrays.copyOfRange(wire, 243, 249));
    int second = 243 + 2 + 255;
    assertArrayEquals(Hex.fixture("96 19"), Arrays.copyOfRange(wire, second, second + 2));
    assertArrayEquals(
        Hex.fixture("c6 12 01 46 ff"), Arrays.copyOfRange(wire, second + 2 + 21, second + 2 + 26));
    // A reader sees one option again (RFC 3396 §7).
    assertArrayEquals(value, DhcpCodec.decode(wire).options().get(150).orElseThrow());
  }

  @Test
  void valuesOfEveryTypeReadBack() {
    assertEquals(
        "198.18.0.5, 198.18.0.6", OptionType.IPS.format(Hex.fixture("c6 12 00 05  c6 12 00 06")));
    assertEquals("1500", OptionType.U16.format(Hex.fixture("05 dc")));
    assertEquals("true", OptionType.BOOL.format(Hex.fixture("01")));
    assertEquals("01:02:ff", OptionType.HEX.format(Hex.fixture("01 02 ff")));
    assertEquals(Ipv4.require("198.18.0.5"), Ipv4.fromBytes(Hex.fixture("c6 12 00 05")));
  }

  @Test
  void optionsThatDoNotFitGoIntoTheEmptyFileFieldWithOption52() throws Exception {
    byte[] servers = new byte[240]; // 60 addresses
    byte[] text = "x".repeat(100).getBytes();
    DhcpOptions options =
        DhcpOptions.builder()
            .messageType(DhcpMessageType.ACK)
            .set(150, servers)
            .set(151, text)
            .build();
    DhcpPacket reply =
        Requests.plain(FullResponderTest.PC, DhcpMessageType.ACK).replyShell(options);
    byte[] wire = DhcpCodec.encode(reply, DhcpCodec.DEFAULT_MAX_REPLY);
    // 240 fixed bytes and cookie, 52 and 53 (3 each), 150 (2 + 240), END: 151 did not fit.
    assertEquals(489, wire.length);
    // RFC 2132 §9.3: option 52 first, value 1 = the file field holds options.
    assertArrayEquals(
        Hex.fixture("63 82 53 63  34 01 01  35 01 05  96 f0"), Arrays.copyOfRange(wire, 236, 248));
    // The file field (offset 108): option 151, its 100 bytes, then END.
    assertArrayEquals(Hex.fixture("97 64 78"), Arrays.copyOfRange(wire, 108, 111));
    assertEquals((byte) 0xff, wire[108 + 2 + 100]);
    DhcpPacket read = DhcpCodec.decode(wire);
    assertArrayEquals(text, read.options().get(151).orElseThrow());
    assertArrayEquals(servers, read.options().get(150).orElseThrow());
    assertEquals("", read.file());

    // A reply that names a boot file keeps its file field: the option that fits nowhere is left
    // out, the boot file stays.
    byte[] withBoot =
        DhcpCodec.encode(reply.withBoot("", "pxelinux.0"), DhcpCodec.DEFAULT_MAX_REPLY);
    DhcpPacket kept = DhcpCodec.decode(withBoot);
    assertEquals("pxelinux.0", kept.file());
    assertTrue(kept.options().has(150));
    assertTrue(!kept.options().has(151));
    assertEquals(-1, indexOf(withBoot, (byte) DhcpOption.OVERLOAD, 240));
  }

  @Test
  void aLongOptionMaySpanTheOptionsAndTheFileField() throws Exception {
    byte[] big = new byte[400];
    Arrays.fill(big, (byte) 7);
    DhcpPacket reply =
        Requests.plain(FullResponderTest.PC, DhcpMessageType.ACK)
            .replyShell(
                DhcpOptions.builder().messageType(DhcpMessageType.ACK).set(150, big).build());
    byte[] wire = DhcpCodec.encode(reply, DhcpCodec.DEFAULT_MAX_REPLY);
    // Main area: 52, 53, then 255 + 42 bytes of 150 (all that is left before END at 547); the
    // remaining 103 bytes open the file field.
    assertArrayEquals(Hex.fixture("96 ff"), Arrays.copyOfRange(wire, 246, 248));
    assertArrayEquals(Hex.fixture("96 2a"), Arrays.copyOfRange(wire, 503, 505));
    assertEquals((byte) 0xff, wire[547]);
    assertArrayEquals(Hex.fixture("96 67 07"), Arrays.copyOfRange(wire, 108, 111));
    assertArrayEquals(big, DhcpCodec.decode(wire).options().get(150).orElseThrow());
  }

  private static int indexOf(byte[] wire, byte code, int from) {
    int i = from;
    while (i < wire.length && wire[i] != (byte) 0xff) {
      if (wire[i] == code) {
        return i;
      }
      i += wire[i] == 0 ? 1 : 2 + (wire[i + 1] & 0xff);
    }
    return -1;
  }
}
