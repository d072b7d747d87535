package dev.bootkeeper.nbd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HandshakeTest {

  // Option request header: IHAVEOPT, then u32 option and u32 length.
  private static final String IHAVEOPT = "49484156454f5054";
  // Option reply header: magic 0x0003e889045565a9, then u32 option, u32 type, u32 length.
  private static final String REPLY = "0003e889045565a9";

  private Handshake handshake;

  @BeforeEach
  void setUp() {
    MapExports exports = new MapExports().add("archiso", 0x1000, "the ISO").add("other", 5, "");
    handshake = new Handshake(exports);
  }

  @Test
  void greetingOffersFixedNewstyleAndNoZeroes() {
    assertEquals(
        "4e42444d41474943" // NBDMAGIC
            + "49484156454f5054" // IHAVEOPT
            + "0003", // FIXED_NEWSTYLE | NO_ZEROES
        Hex.of(HandshakeCodec.greeting()));
  }

  @Test
  void goWithoutInfoRequestsAnswersExportInfoThenAck() {
    flags("00000003");
    Handshake.Step step =
        frame(
            IHAVEOPT
                + "00000007 0000000d" // GO, 13 bytes
                + "00000007 6172636869736f" // name length 7, "archiso"
                + "0000"); // no info requests (what nbd-client sends)
    Handshake.Step.Transmit t = assertInstanceOf(Handshake.Step.Transmit.class, step);
    assertEquals("archiso", t.export().name());
    assertEquals(
        Hex.of(
            Hex.bytes(
                REPLY
                    + "00000007 00000003 0000000c" // GO, NBD_REP_INFO, 12 bytes
                    + "0000 0000000000001000 0107" // NBD_INFO_EXPORT, size 4096, flags
                    + REPLY
                    + "00000007 00000001 00000000")), // GO, NBD_REP_ACK
        Hex.of(t.bytes()));
  }

  @Test
  void emptyNameIsTheDefaultArchisoExport() {
    flags("00000001");
    Handshake.Step step = frame(IHAVEOPT + "00000007 00000006 00000000 0000");
    assertEquals("archiso", assertInstanceOf(Handshake.Step.Transmit.class, step).export().name());
  }

  @Test
  void infoAnswersBlockSizeWhenAskedAndStaysInHandshake() {
    flags("00000003");
    Handshake.Step step =
        frame(
            IHAVEOPT
                + "00000006 0000000f" // INFO, 15 bytes
                + "00000005 6f74686572" // "other"
                + "0002 0003 0002"); // asks BLOCK_SIZE and DESCRIPTION (empty here)
    Handshake.Step.Reply r = assertInstanceOf(Handshake.Step.Reply.class, step);
    assertEquals(
        Hex.of(
            Hex.bytes(
                REPLY
                    + "00000006 00000003 0000000c 0000 0000000000000005 0107"
                    + REPLY
                    + "00000006 00000003 0000000e" // NBD_REP_INFO, 14 bytes
                    + "0003 00000001 00001000 02000000" // BLOCK_SIZE 1 / 4096 / 32 MiB
                    + REPLY
                    + "00000006 00000001 00000000")),
        Hex.of(r.bytes()));
  }

  @Test
  void goForAnUnknownExportIsErrUnknownAndTheHandshakeGoesOn() {
    flags("00000003");
    Handshake.Step step = frame(IHAVEOPT + "00000007 00000008 00000002 6e6f 0000");
    byte[] bytes = assertInstanceOf(Handshake.Step.Reply.class, step).bytes();
    ByteBuffer b = ByteBuffer.wrap(bytes);
    assertEquals(Nbd.OPTION_REPLY_MAGIC, b.getLong());
    assertEquals(7, b.getInt());
    assertEquals(0x80000006, b.getInt()); // NBD_REP_ERR_UNKNOWN
    assertInstanceOf(
        Handshake.Step.Transmit.class, frame(IHAVEOPT + "00000007 00000006 00000000 0000"));
  }

  @Test
  void unknownOptionIsErrUnsupAndParsingContinues() {
    flags("00000003");
    Handshake.Step step = frame(IHAVEOPT + "00000063 00000003 010203"); // option 99 with 3 bytes
    byte[] bytes = assertInstanceOf(Handshake.Step.Reply.class, step).bytes();
    ByteBuffer b = ByteBuffer.wrap(bytes);
    b.getLong();
    assertEquals(99, b.getInt());
    assertEquals(0x80000001, b.getInt());
    assertInstanceOf(Handshake.Step.Reply.class, frame(IHAVEOPT + "00000003 00000000"));
  }

  @Test
  void listSendsOneServerReplyPerExportThenAck() {
    flags("00000003");
    Handshake.Step step = frame(IHAVEOPT + "00000003 00000000");
    assertEquals(
        Hex.of(
            Hex.bytes(
                REPLY
                    + "00000003 00000002 00000012" // LIST, NBD_REP_SERVER, 18 bytes
                    + "00000007 6172636869736f 74686520495 34f" // "archiso", "the ISO"
                    + REPLY
                    + "00000003 00000002 00000009 00000005 6f74686572"
                    + REPLY
                    + "00000003 00000001 00000000")),
        Hex.of(assertInstanceOf(Handshake.Step.Reply.class, step).bytes()));
  }

  @Test
  void exportNameWithoutNoZeroesPads124Zeros() {
    flags("00000001");
    Handshake.Step step = frame(IHAVEOPT + "00000001 00000005 6f74686572");
    byte[] bytes = assertInstanceOf(Handshake.Step.Transmit.class, step).bytes();
    assertEquals(134, bytes.length);
    assertEquals("0000000000000005" + "0107", Hex.of(bytes).substring(0, 20));
  }

  @Test
  void exportNameWithNoZeroesSendsSizeAndFlagsOnly() {
    flags("00000003");
    Handshake.Step step = frame(IHAVEOPT + "00000001 00000005 6f74686572");
    assertArrayEquals(
        Hex.bytes("0000000000000005 0107"),
        assertInstanceOf(Handshake.Step.Transmit.class, step).bytes());
  }

  @Test
  void exportNameForAnUnknownExportCloses() {
    flags("00000003");
    Handshake.Step step = frame(IHAVEOPT + "00000001 00000002 6e6f");
    Handshake.Step.Close c = assertInstanceOf(Handshake.Step.Close.class, step);
    assertEquals(Handshake.Ending.REFUSED, c.ending());
    assertEquals(0, c.bytes().length);
  }

  @Test
  void structuredReplyIsAckedAndAddsDfToTheFlags() {
    flags("00000003");
    Handshake.Step step = frame(IHAVEOPT + "00000008 00000000");
    assertEquals(
        Hex.of(Hex.bytes(REPLY + "00000008 00000001 00000000")),
        Hex.of(assertInstanceOf(Handshake.Step.Reply.class, step).bytes()));
    Handshake.Step.Transmit t =
        assertInstanceOf(
            Handshake.Step.Transmit.class, frame(IHAVEOPT + "00000001 00000005 6f74686572"));
    assertEquals(true, t.structured());
    assertEquals("0000000000000005" + "0187", Hex.of(t.bytes())); // + SEND_DF
  }

  @Test
  void structuredReplyWithDataIsInvalid() {
    flags("00000003");
    byte[] bytes =
        assertInstanceOf(Handshake.Step.Reply.class, frame(IHAVEOPT + "00000008 00000001 00"))
            .bytes();
    assertEquals(0x80000003, ByteBuffer.wrap(bytes).getInt(12)); // NBD_REP_ERR_INVALID
  }

  @Test
  void abortIsAckedThenClosed() {
    flags("00000003");
    Handshake.Step.Close c =
        assertInstanceOf(Handshake.Step.Close.class, frame(IHAVEOPT + "00000002 00000000"));
    assertEquals(Handshake.Ending.ABORTED, c.ending());
    assertEquals(Hex.of(Hex.bytes(REPLY + "00000002 00000001 00000000")), Hex.of(c.bytes()));
  }

  @Test
  void unknownClientFlagBitsClose() {
    Handshake.Step.Close c =
        assertInstanceOf(Handshake.Step.Close.class, handshake.onFrame(Hex.bytes("00000007")));
    assertEquals(Handshake.Ending.MALFORMED, c.ending());
  }

  @Test
  void goWhoseLengthsDoNotAddUpIsInvalid() {
    flags("00000003");
    // name length 200 but only 2 bytes follow
    byte[] bytes =
        assertInstanceOf(
                Handshake.Step.Reply.class,
                frame(IHAVEOPT + "00000007 00000008 000000c8 6e6f 0000"))
            .bytes();
    assertEquals(0x80000003, ByteBuffer.wrap(bytes).getInt(12));
  }

  @Test
  void wrongOptionMagicIsMalformed() {
    flags("00000003");
    ByteBuffer in = ByteBuffer.wrap(Hex.bytes("4948415645fffff4 00000003 00000000"));
    assertThrows(MalformedNbdException.class, () -> handshake.frameLength(in));
  }

  @Test
  void implausibleOptionLengthIsMalformed() {
    flags("00000003");
    ByteBuffer in = ByteBuffer.wrap(Hex.bytes(IHAVEOPT + "00000007 7fffffff"));
    assertThrows(MalformedNbdException.class, () -> handshake.frameLength(in));
  }

  @Test
  void frameLengthWaitsForTheWholeOption() {
    flags("00000003");
    assertEquals(-1, handshake.frameLength(ByteBuffer.wrap(Hex.bytes(IHAVEOPT + "00000007"))));
    assertEquals(
        -1, handshake.frameLength(ByteBuffer.wrap(Hex.bytes(IHAVEOPT + "00000007 00000002 61"))));
    assertEquals(
        18, handshake.frameLength(ByteBuffer.wrap(Hex.bytes(IHAVEOPT + "00000007 00000002 6162"))));
  }

  private void flags(String hex) {
    assertEquals(4, handshake.frameLength(ByteBuffer.wrap(Hex.bytes(hex))));
    assertInstanceOf(Handshake.Step.Reply.class, handshake.onFrame(Hex.bytes(hex)));
  }

  private Handshake.Step frame(String hex) {
    byte[] bytes = Hex.bytes(hex);
    assertEquals(bytes.length, handshake.frameLength(ByteBuffer.wrap(bytes)));
    return handshake.onFrame(bytes);
  }
}
