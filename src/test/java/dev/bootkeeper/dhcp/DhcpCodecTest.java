package dev.bootkeeper.dhcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.boot.Firmware;
import dev.bootkeeper.boot.MacAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DhcpCodecTest {

  @Test
  void biosPxeRomDiscover() throws Exception {
    DhcpPacket p = DhcpCodec.decode(PxeFixtures.BIOS_PXE_DISCOVER);
    assertEquals(DhcpPacket.BOOTREQUEST, p.op());
    assertEquals(0x9a1c44e1, p.xid());
    assertTrue(p.broadcastFlag());
    assertEquals(MacAddress.of("52:54:00:12:34:56"), p.mac().orElseThrow());
    assertEquals(DhcpMessageType.DISCOVER, p.messageType().orElseThrow());
    PxeClientInfo pxe = PxeClientInfo.of(p);
    assertTrue(pxe.pxeClient());
    assertFalse(pxe.httpClient());
    assertFalse(pxe.ipxe());
    assertEquals(Firmware.BIOS, pxe.firmware());
    assertEquals("44454c4c-4b00-1048-8033-b3c04f383332", pxe.uuid().orElseThrow().wireOrder());
    assertEquals(1260 - 28, DhcpCodec.maxReplySize(p));
  }

  @Test
  void ipxeDiscover() throws Exception {
    DhcpPacket p = DhcpCodec.decode(PxeFixtures.IPXE_DISCOVER);
    PxeClientInfo pxe = PxeClientInfo.of(p);
    assertTrue(pxe.ipxe());
    assertEquals(List.of("iPXE"), pxe.userClasses());
    assertEquals(Firmware.BIOS, pxe.firmware());
    assertEquals(1472 - 28, DhcpCodec.maxReplySize(p));
    assertEquals(21, p.options().get(DhcpOption.IPXE_ENCAP).orElseThrow().length);
  }

  @Test
  void uefiX64Discover() throws Exception {
    PxeClientInfo pxe = PxeClientInfo.of(DhcpCodec.decode(PxeFixtures.UEFI_X64_DISCOVER));
    assertTrue(pxe.pxeClient());
    assertFalse(pxe.ipxe());
    assertEquals(Firmware.UEFI_X64, pxe.firmware());
    assertEquals(7, pxe.architecture().getAsInt());
  }

  @Test
  void httpClientDiscover() throws Exception {
    PxeClientInfo pxe = PxeClientInfo.of(DhcpCodec.decode(PxeFixtures.HTTP_CLIENT_DISCOVER));
    assertTrue(pxe.httpClient());
    assertFalse(pxe.pxeClient());
    assertTrue(pxe.wantsBoot());
    assertEquals(Firmware.UEFI_HTTP_X64, pxe.firmware());
  }

  @Test
  void roundTripKeepsEveryField() throws Exception {
    for (byte[] fixture :
        List.of(
            PxeFixtures.BIOS_PXE_DISCOVER,
            PxeFixtures.IPXE_DISCOVER,
            PxeFixtures.UEFI_X64_DISCOVER,
            PxeFixtures.HTTP_CLIENT_DISCOVER)) {
      DhcpPacket p = DhcpCodec.decode(fixture);
      assertEquals(p, DhcpCodec.decode(DhcpCodec.encode(p, 1500)));
    }
  }

  @Test
  void rejectsTruncated() {
    byte[] cut = Arrays.copyOf(PxeFixtures.BIOS_PXE_DISCOVER, 239);
    assertEquals(
        "truncated: 239 bytes, a DHCP message has at least 240",
        assertThrows(MalformedDhcpException.class, () -> DhcpCodec.decode(cut)).getMessage());
  }

  @Test
  void rejectsOversized() {
    byte[] big = Arrays.copyOf(PxeFixtures.BIOS_PXE_DISCOVER, 4097);
    assertTrue(
        assertThrows(MalformedDhcpException.class, () -> DhcpCodec.decode(big))
            .getMessage()
            .startsWith("oversized: 4097 bytes"));
  }

  @Test
  void rejectsGarbage() {
    byte[] badOp = PxeFixtures.BIOS_PXE_DISCOVER.clone();
    badOp[0] = 7;
    assertEquals(
        "op 7 is neither BOOTREQUEST (1) nor BOOTREPLY (2)",
        assertThrows(MalformedDhcpException.class, () -> DhcpCodec.decode(badOp)).getMessage());
    byte[] badCookie = PxeFixtures.BIOS_PXE_DISCOVER.clone();
    badCookie[236] = 0;
    assertTrue(
        assertThrows(MalformedDhcpException.class, () -> DhcpCodec.decode(badCookie))
            .getMessage()
            .startsWith("magic cookie is 00825363"));
    byte[] badHlen = PxeFixtures.BIOS_PXE_DISCOVER.clone();
    badHlen[2] = 17;
    assertThrows(MalformedDhcpException.class, () -> DhcpCodec.decode(badHlen));
    byte[] random = new byte[600];
    new java.util.Random(42).nextBytes(random);
    assertThrows(MalformedDhcpException.class, () -> DhcpCodec.decode(random));
  }

  @Test
  void rejectsOptionRunningPastTheEnd() {
    // Cut the BIOS fixture in the middle of option 60 (it starts 35 bytes before the end).
    byte[] cut =
        Arrays.copyOf(PxeFixtures.BIOS_PXE_DISCOVER, PxeFixtures.BIOS_PXE_DISCOVER.length - 10);
    String reason =
        assertThrows(MalformedDhcpException.class, () -> DhcpCodec.decode(cut)).getMessage();
    assertTrue(reason.startsWith("option 60 at offset "), reason);
    assertTrue(reason.endsWith("claims 32 bytes, only 23 left"), reason);
  }

  @Test
  void repeatedOptionsAreConcatenated() throws Exception {
    // RFC 3396 §7: option 77 split in two instances, RFC 3004 framed: "ab" and "cde".
    byte[] p =
        Hex.fixture(
            """
            01 01 06 00 00 00 00 01 00 00 00 00 00*16
            02 00 00 00 00 01 00*10 00*64 00*128
            63 82 53 63
            35 01 01
            4d 04 02 "ab" 03     # first part ends inside the second class
            0c 03 "box"          # an unrelated option in between
            4d 03 "cde"          # the rest
            ff
            """);
    DhcpPacket d = DhcpCodec.decode(p);
    assertEquals(List.of("ab", "cde"), PxeClientInfo.of(d).userClasses());
    assertEquals(List.of(53, 77, 12), List.copyOf(d.options().codes()));
  }

  @Test
  void overloadedFileAndSnameAreReadAsOptions() throws Exception {
    byte[] p =
        Hex.fixture(
            """
            01 01 06 00 00 00 00 02 00 00 80 00 00*16
            02 00 00 00 00 02 00*10
            0c 04 "host" ff 00*57          # sname: option 12, end
            3c 09 "PXEClient" ff 00*116    # file: option 60, end
            63 82 53 63
            35 01 01
            34 01 03                       # 52 overload: file and sname hold options
            ff
            """);
    DhcpPacket d = DhcpCodec.decode(p);
    assertEquals("PXEClient", d.options().string(DhcpOption.VENDOR_CLASS).orElseThrow());
    assertEquals("host", d.options().string(DhcpOption.HOST_NAME).orElseThrow());
    assertEquals("", d.file());
    assertEquals(List.of(53, 60, 12), List.copyOf(d.options().codes()));
  }

  @Test
  void nonsenseOverloadValueIsIgnored() throws Exception {
    byte[] p = PxeFixtures.BIOS_PXE_DISCOVER.clone();
    // Replace "39 02 04 ec" (option 57) by "34 02 07 07": option 52 with a bad length and value.
    int at = 240 + 3;
    p[at] = 0x34;
    p[at + 2] = 7;
    p[at + 3] = 7;
    DhcpPacket d = DhcpCodec.decode(p);
    assertFalse(d.options().has(DhcpOption.OVERLOAD));
    assertTrue(d.options().has(DhcpOption.VENDOR_CLASS));
  }

  @Test
  void replyIsPaddedAndNulTerminated() throws Exception {
    DhcpPacket req = DhcpCodec.decode(PxeFixtures.BIOS_PXE_DISCOVER);
    String longName = "x".repeat(200);
    DhcpPacket reply =
        req.replyShell(
                DhcpOptions.builder()
                    .messageType(DhcpMessageType.OFFER)
                    .setCString(DhcpOption.BOOTFILE_NAME, "pxelinux.0")
                    .build())
            .withBoot(longName, longName);
    byte[] wire = DhcpCodec.encode(reply);
    assertEquals(DhcpCodec.MIN_REPLY_SIZE, wire.length);
    assertEquals(0, wire[44 + 63]);
    assertEquals(0, wire[108 + 127]);
    assertEquals("x".repeat(127), DhcpCodec.decode(wire).file());
    byte[] opt67 = DhcpCodec.decode(wire).options().get(DhcpOption.BOOTFILE_NAME).orElseThrow();
    assertArrayEquals("pxelinux.0\0".getBytes(), opt67);
    assertEquals(DhcpPacket.BOOTREPLY, wire[0]);
  }

  @Test
  void replyRespectsTheClientsSizeLimit() throws Exception {
    DhcpPacket req = DhcpCodec.decode(PxeFixtures.UEFI_X64_DISCOVER);
    byte[] big = new byte[600];
    DhcpPacket reply =
        req.replyShell(
            DhcpOptions.builder()
                .messageType(DhcpMessageType.OFFER)
                .set(DhcpOption.VENDOR_SPECIFIC, big)
                .setString(DhcpOption.VENDOR_CLASS, "PXEClient")
                .build());
    byte[] small = DhcpCodec.encode(reply, DhcpCodec.DEFAULT_MAX_REPLY);
    assertTrue(small.length <= DhcpCodec.DEFAULT_MAX_REPLY);
    DhcpOptions smallOptions = DhcpCodec.decode(small).options();
    assertFalse(smallOptions.has(DhcpOption.VENDOR_SPECIFIC));
    assertTrue(smallOptions.has(DhcpOption.VENDOR_CLASS));
    // Option 57 = 1472 lets the 600-byte value through, split in 255-byte pieces (RFC 3396).
    byte[] large = DhcpCodec.encode(reply, DhcpCodec.maxReplySize(req));
    assertTrue(large.length <= 1472 - 28);
    assertEquals(
        600,
        DhcpCodec.decode(large).options().get(DhcpOption.VENDOR_SPECIFIC).orElseThrow().length);
  }

  @Test
  void userClassForms() {
    assertEquals(List.of("iPXE"), PxeClientInfo.userClasses("iPXE".getBytes()));
    assertEquals(List.of("iPXE"), PxeClientInfo.userClasses(Hex.fixture("04 \"iPXE\"")));
    assertEquals(List.of("a", "bc"), PxeClientInfo.userClasses(Hex.fixture("01 \"a\" 02 \"bc\"")));
    assertEquals(List.of("\u0001ab"), PxeClientInfo.userClasses(Hex.fixture("01 \"ab\"")));
  }

  @Test
  void uuidNeedsType0AndSeventeenBytes() {
    assertTrue(PxeClientInfo.uuid(new byte[17]).isPresent());
    assertTrue(PxeClientInfo.uuid(new byte[0]).isEmpty());
    byte[] type1 = new byte[17];
    type1[0] = 1;
    assertTrue(PxeClientInfo.uuid(type1).isEmpty());
  }
}
