package dev.bootkeeper.wol;

import dev.bootkeeper.boot.MacAddress;

/**
 * The Wake-on-LAN magic packet (AMD's "Magic Packet Technology" white paper): six bytes of 0xFF,
 * then the target's MAC sixteen times, 102 bytes in all. The NIC looks for this pattern anywhere in
 * a frame, so it travels as the payload of a UDP broadcast.
 */
public final class MagicPacket {

  public static final int LENGTH = 6 + 16 * 6;

  private MagicPacket() {}

  public static byte[] of(MacAddress mac) {
    byte[] packet = new byte[LENGTH];
    for (int i = 0; i < 6; i++) {
      packet[i] = (byte) 0xFF;
    }
    byte[] m = mac.bytes();
    for (int rep = 0; rep < 16; rep++) {
      System.arraycopy(m, 0, packet, 6 + rep * 6, 6);
    }
    return packet;
  }
}
