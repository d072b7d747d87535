package dev.bootkeeper.nbd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The NBD handshake and the transmission request checks against any byte stream a client can send:
 * the handshake frames it as the connection does, each frame is answered, a broken stream ends in
 * {@link MalformedNbdException} (the connection is closed), and a request after the handshake is
 * either served within the export or answered with an error. Seeds: {@code
 * HandshakeFuzzTestInputs/}.
 */
class HandshakeFuzzTest {

  private static final long EXPORT_SIZE = 0x10000;

  @FuzzTest(maxDuration = "25s")
  void anyClientStreamIsAnsweredOrClosed(byte[] stream) {
    Handshake handshake =
        new Handshake(new MapExports().add("archiso", EXPORT_SIZE, "the ISO").add("other", 5, ""));
    ByteBuffer in = ByteBuffer.wrap(stream);
    try {
      // Each frame consumes at least four bytes: the loop ends with the input.
      while (in.hasRemaining()) {
        int length = handshake.frameLength(in.duplicate());
        if (length < 0) {
          return;
        }
        assertTrue(length >= 4 && length <= in.remaining(), "frame of " + length);
        byte[] frame = new byte[length];
        in.get(frame);
        Handshake.Step step = handshake.onFrame(frame);
        if (step instanceof Handshake.Step.Close) {
          return;
        }
        if (step instanceof Handshake.Step.Transmit t) {
          transmit(new Transmission(t.export().size()), in, t.export().size());
          return;
        }
      }
    } catch (MalformedNbdException e) {
      // The connection closes: what a broken stream must do.
    }
  }

  private static void transmit(Transmission tx, ByteBuffer in, long size) {
    while (in.remaining() >= Nbd.REQUEST_LENGTH) {
      byte[] header =
          Arrays.copyOfRange(in.array(), in.position(), in.position() + Nbd.REQUEST_LENGTH);
      in.position(in.position() + Nbd.REQUEST_LENGTH);
      NbdRequest r = NbdRequest.decode(ByteBuffer.wrap(header));
      Transmission.Action action = tx.decide(r);
      if (action instanceof Transmission.Action.Read read) {
        assertTrue(
            read.offset() >= 0 && read.length() >= 0 && read.offset() + read.length() <= size,
            "a read outside the export: " + read);
      }
      if (action instanceof Transmission.Action.Disconnect) {
        return;
      }
      if (action instanceof Transmission.Action.Reply reply) {
        assertTrue(reply.skip() >= 0, "a negative skip");
        in.position((int) Math.min(in.limit(), in.position() + reply.skip()));
      }
    }
  }
}
