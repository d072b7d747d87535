package dev.bootkeeper.tftp;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The six TFTP packets (RFC 1350 §5, RFC 2347). */
public sealed interface TftpPacket {

  /**
   * A read request. Option names are lower-cased (RFC 2347: names are case-insensitive) and kept in
   * the order the client sent them; a repeated option keeps its first value.
   */
  record ReadRequest(String filename, String mode, Map<String, String> options)
      implements TftpPacket {
    public ReadRequest {
      options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }
  }

  record WriteRequest(String filename, String mode) implements TftpPacket {}

  /** A DATA packet; {@code block} is the 16-bit wire block number. */
  record Data(int block, ByteBuffer payload) implements TftpPacket {}

  record Ack(int block) implements TftpPacket {}

  record Error(int code, String message) implements TftpPacket {}

  record OptionAck(Map<String, String> options) implements TftpPacket {
    public OptionAck {
      options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }
  }
}
