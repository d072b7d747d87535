package dev.bootkeeper.tftp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bootkeeper.boot.ImageRoot;
import java.nio.ByteBuffer;

/**
 * The TFTP decoder, the option negotiation (RFC 2347-2349, 7440) and the path normaliser against
 * any datagram: each gives an answer, never an exception, and an agreed transfer stays within the
 * RFCs' bounds. Seeds: {@code TftpCodecFuzzTestInputs/}.
 */
class TftpCodecFuzzTest {

  private static final OptionNegotiator NEGOTIATOR = new OptionNegotiator(65_464, 64);

  @FuzzTest(maxDuration = "25s")
  void anyDatagramDecodesOrIsRefused(byte[] datagram) {
    TftpCodec.Decoded decoded = TftpCodec.decode(ByteBuffer.wrap(datagram));
    if (decoded instanceof TftpCodec.Decoded.Malformed m) {
      m.reply().ifPresent(TftpCodec::encode);
      return;
    }
    TftpPacket packet = ((TftpCodec.Decoded.Ok) decoded).packet();
    if (packet instanceof TftpPacket.ReadRequest rrq) {
      ImageRoot.normalise(rrq.filename());
      TransferMode mode = TransferMode.fromWire(rrq.mode()).orElse(TransferMode.OCTET);
      OptionNegotiator.Outcome outcome = NEGOTIATOR.negotiate(rrq.options(), mode, 1 << 20);
      if (outcome instanceof OptionNegotiator.Outcome.Agreed agreed) {
        TransferOptions o = agreed.options();
        assertTrue(
            o.blksize() >= OptionNegotiator.MIN_BLKSIZE
                && o.blksize() <= OptionNegotiator.MAX_BLKSIZE,
            "blksize " + o.blksize());
        assertTrue(o.windowsize() >= 1 && o.windowsize() <= 64, "windowsize " + o.windowsize());
        assertTrue(o.timeoutSeconds() >= 0 && o.timeoutSeconds() <= 255, "timeout");
        if (!o.oack().isEmpty()) {
          TftpCodec.encode(new TftpPacket.OptionAck(o.oack()));
        }
      }
    }
  }
}
