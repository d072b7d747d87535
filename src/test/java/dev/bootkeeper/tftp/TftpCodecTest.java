package dev.bootkeeper.tftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TftpCodecTest {

  static ByteBuffer hex(String s) {
    return ByteBuffer.wrap(HexFormat.of().parseHex(s.replaceAll("\\s+|#[^\\n]*", "")));
  }

  static TftpPacket ok(TftpCodec.Decoded d) {
    return assertInstanceOf(TftpCodec.Decoded.Ok.class, d).packet();
  }

  static TftpCodec.Decoded.Malformed bad(TftpCodec.Decoded d) {
    return assertInstanceOf(TftpCodec.Decoded.Malformed.class, d);
  }

  @Test
  void readRequestWithOptionsAsPxelinuxSendsIt() {
    TftpPacket p =
        ok(
            TftpCodec.decode(
                hex(
                    """
                    0001                          # RRQ
                    7078656c696e75782e3000        # "pxelinux.0"
                    6f6374657400                  # "octet"
                    7473697a6500 3000             # "tsize" "0"
                    424c4b53495a4500 3134303800   # "BLKSIZE" "1408" (names are case-insensitive)
                    """)));
    TftpPacket.ReadRequest r = assertInstanceOf(TftpPacket.ReadRequest.class, p);
    assertEquals("pxelinux.0", r.filename());
    assertEquals("octet", r.mode());
    assertEquals(Map.of("tsize", "0", "blksize", "1408"), r.options());
    assertEquals("[tsize, blksize]", r.options().keySet().toString());
  }

  @Test
  void writeRequestAckAndError() {
    assertInstanceOf(
        TftpPacket.WriteRequest.class, ok(TftpCodec.decode(hex("0002 6100 6f6374657400"))));
    assertEquals(new TftpPacket.Ack(65535), ok(TftpCodec.decode(hex("0004 ffff"))));
    assertEquals(
        new TftpPacket.Error(8, "User aborted the transfer"),
        ok(
            TftpCodec.decode(
                hex("0005 0008 557365722061626f7274656420746865207472616e7366657200"))));
  }

  @Test
  void malformedDatagramsAreNamed() {
    assertTrue(bad(TftpCodec.decode(hex("00"))).reason().contains("shorter than an opcode"));
    TftpCodec.Decoded.Malformed unknown = bad(TftpCodec.decode(hex("0009 0000")));
    assertEquals("unknown opcode 9", unknown.reason());
    assertEquals(4, unknown.reply().orElseThrow().code());
    // "a" NUL "octet" without its NUL
    assertTrue(bad(TftpCodec.decode(hex("0001 6100 6f63746574"))).reason().contains("NUL"));
    // file name only, no mode
    assertTrue(bad(TftpCodec.decode(hex("0001 6100"))).reason().contains("without a mode"));
    assertTrue(bad(TftpCodec.decode(hex("0001 00 6f6374657400"))).reason().contains("file name"));
    assertTrue(bad(TftpCodec.decode(hex("0004 01"))).reply().isEmpty());
    ByteBuffer tooLong = ByteBuffer.allocate(600);
    tooLong.putShort((short) 1).put(new byte[596]).put((byte) 'x').put((byte) 0).flip();
    assertTrue(bad(TftpCodec.decode(tooLong)).reason().contains("longer than 512"));
  }

  @Test
  void oackIsLowerCaseDecimalInTheGivenOrder() {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("blksize", "1468");
    o.put("tsize", "513");
    assertArrayEquals(
        hex("0006 626c6b73697a6500 3134363800 7473697a6500 35313300").array(),
        TftpCodec.encode(new TftpPacket.OptionAck(o)));
  }

  @Test
  void errorAndDataEncoding() {
    assertArrayEquals(
        hex("0005 0001 66696c65206e6f7420666f756e6400").array(),
        TftpCodec.encode(TftpCodec.error(TftpErrorCode.FILE_NOT_FOUND, "file not found")));
    assertArrayEquals(
        hex("0003 0000 4142").array(),
        TftpCodec.encode(new TftpPacket.Data(0, ByteBuffer.wrap(new byte[] {'A', 'B'}))));
  }

  @Test
  void netasciiConvertsLineEnds() {
    assertArrayEquals("a\r\nb\r\0c".getBytes(), Netascii.encode("a\nb\rc".getBytes()));
  }
}
