package dev.bootkeeper.wol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bootkeeper.boot.MacAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MagicPacketTest {

  @Test
  void isSixFfBytesThenTheMacSixteenTimes() {
    byte[] p = MagicPacket.of(MacAddress.of("52:54:00:ab:cd:ef"));
    assertEquals(102, p.length);
    String expected = "ffffffffffff" + "525400abcdef".repeat(16);
    assertEquals(expected, HexFormat.of().formatHex(p));
  }

  @Test
  void usesTheMacBytesNotItsText() {
    byte[] p = MagicPacket.of(MacAddress.of("00-11-22-33-44-55"));
    assertArrayEquals(
        new byte[] {0, 0x11, 0x22, 0x33, 0x44, 0x55}, java.util.Arrays.copyOfRange(p, 96, 102));
  }
}
