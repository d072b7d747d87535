package dev.bootkeeper.nbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class TransmissionTest {

  private final Transmission tx = new Transmission(1000);

  @Test
  void decodesTheRequestHeader() {
    NbdRequest r =
        NbdRequest.decode(
            ByteBuffer.wrap(
                Hex.bytes(
                    "25609513" // NBD_REQUEST_MAGIC
                        + "0004 0000" // flags DF, READ
                        + "0102030405060708" // cookie
                        + "ffffffffffffff00" // offset (top bit set)
                        + "fffffff0"))); // length, unsigned
    assertEquals(new NbdRequest(4, 0, 0x0102030405060708L, 0xffffffffffffff00L, 0xfffffff0L), r);
  }

  @Test
  void wrongMagicIsMalformed() {
    ByteBuffer in = ByteBuffer.wrap(Hex.bytes("25609514 0000 0000" + "00".repeat(20)));
    assertThrows(MalformedNbdException.class, () -> NbdRequest.decode(in));
  }

  @Test
  void readInsideTheExportIsServed() {
    assertEquals(new Transmission.Action.Read(7, 990, 10), tx.decide(request(0, 0, 990, 10)));
  }

  @Test
  void readPastTheEndOrEmptyOrHugeIsEinval() {
    assertEquals(NbdErrno.EINVAL, reply(request(0, 0, 991, 10)).error());
    assertEquals(NbdErrno.EINVAL, reply(request(0, 0, 1001, 1)).error());
    assertEquals(NbdErrno.EINVAL, reply(request(0, 0, -8, 16)).error()); // offset >= 2^63
    assertEquals(NbdErrno.EINVAL, reply(request(0, 0, 0, 0)).error());
    assertEquals(
        NbdErrno.EINVAL,
        reply(new Transmission(1L << 40).decide(request(0, 0, 0, Nbd.MAX_PAYLOAD + 1L))).error());
  }

  @Test
  void readWithUnknownFlagIsEinval() {
    assertEquals(NbdErrno.EINVAL, reply(request(0x10, 0, 0, 1)).error());
    assertInstanceOf(Transmission.Action.Read.class, tx.decide(request(Nbd.CMD_FLAG_DF, 0, 0, 1)));
  }

  @Test
  void writeIsEpermAfterSkippingItsPayload() {
    Transmission.Action.Reply r = reply(request(0, 1, 0, 4096));
    assertEquals(NbdErrno.EPERM, r.error());
    assertEquals(4096, r.skip());
  }

  @Test
  void trimAndWriteZeroesAreEpermWithoutPayload() {
    assertEquals(NbdErrno.EPERM, reply(request(0, 4, 0, 4096)).error());
    assertEquals(0, reply(request(0, 4, 0, 4096)).skip());
    assertEquals(NbdErrno.EPERM, reply(request(0, 6, 0, 4096)).error());
  }

  @Test
  void flushSucceedsDiscDisconnectsOthersAreEinval() {
    assertEquals(NbdErrno.OK, reply(request(0, 3, 0, 0)).error());
    assertInstanceOf(Transmission.Action.Disconnect.class, tx.decide(request(0, 2, 0, 0)));
    assertEquals(NbdErrno.EINVAL, reply(request(0, 7, 0, 10)).error()); // BLOCK_STATUS
    assertEquals(NbdErrno.EINVAL, reply(request(0, 99, 0, 10)).error());
  }

  @Test
  void simpleAndStructuredReplies() {
    assertEquals(
        "67446698 00000001 0000000000000007".replace(" ", ""),
        Hex.of(ReplyCodec.reply(false, NbdErrno.EPERM, 7, "ignored")));
    assertEquals(
        "668e33ef 0001 0000 0000000000000007 00000000".replace(" ", ""), // NONE, DONE
        Hex.of(ReplyCodec.reply(true, NbdErrno.OK, 7, "")));
    assertEquals(
        ("668e33ef 0001 8001 0000000000000007 00000008" // ERROR, DONE, 8 bytes
                + "00000016 0002 6e6f") // EINVAL, message "no"
            .replace(" ", ""),
        Hex.of(ReplyCodec.reply(true, NbdErrno.EINVAL, 7, "no")));
    ByteBuffer b = ByteBuffer.allocate(ReplyCodec.STRUCTURED_READ_PREFIX);
    ReplyCodec.putOffsetDataHeader(b, 7, 512, 100);
    assertEquals(
        ("668e33ef 0001 0001 0000000000000007 0000006c" // OFFSET_DATA, DONE, 8 + 100 bytes
                + "0000000000000200") // offset 512
            .replace(" ", ""),
        Hex.of(b.array()));
  }

  private static NbdRequest request(int flags, int type, long offset, long length) {
    return new NbdRequest(flags, type, 7, offset, length);
  }

  private Transmission.Action.Reply reply(NbdRequest r) {
    return reply(tx.decide(r));
  }

  private static Transmission.Action.Reply reply(Transmission.Action a) {
    return assertInstanceOf(Transmission.Action.Reply.class, a);
  }
}
