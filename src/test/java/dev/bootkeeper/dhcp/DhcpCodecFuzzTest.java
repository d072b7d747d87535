package dev.bootkeeper.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The DHCP decoder against any datagram: it either refuses with {@link MalformedDhcpException} (the
 * server drops and counts it) or gives a packet that every reader of a request can take apart, and
 * that encodes back to a datagram the decoder reads the same. Any other exception would end up in
 * the server's receive path. Seeds: {@code DhcpCodecFuzzTestInputs/}; see the README (Testing) for
 * fuzzing mode.
 */
class DhcpCodecFuzzTest {

  @FuzzTest(maxDuration = "25s")
  void anyDatagramDecodesOrIsRefused(byte[] datagram) {
    DhcpPacket p;
    try {
      p = DhcpCodec.decode(datagram);
    } catch (MalformedDhcpException e) {
      return;
    }
    PxeClientInfo info = PxeClientInfo.of(p);
    info.describe();
    info.firmware();
    info.wantsBoot();
    byte[] again = DhcpCodec.encode(p);
    assertTrue(again.length <= DhcpCodec.MAX_SIZE);
    try {
      DhcpPacket back = DhcpCodec.decode(again);
      assertEquals(p.xid(), back.xid());
      assertEquals(p.op(), back.op());
    } catch (MalformedDhcpException e) {
      throw new AssertionError("an encoded packet does not decode: " + e.getMessage(), e);
    }
  }
}
