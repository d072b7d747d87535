package dev.bootkeeper.nbd;

import java.util.Optional;

/** Option reply types; errors have bit 31 set (NBD protocol, "Option reply types"). */
enum OptionReply {
  ACK(1),
  SERVER(2),
  INFO(3),
  ERR_UNSUP(0x8000_0001),
  ERR_POLICY(0x8000_0002),
  ERR_INVALID(0x8000_0003),
  ERR_PLATFORM(0x8000_0004),
  ERR_TLS_REQD(0x8000_0005),
  ERR_UNKNOWN(0x8000_0006),
  ERR_SHUTDOWN(0x8000_0007),
  ERR_BLOCK_SIZE_REQD(0x8000_0008),
  ERR_TOO_BIG(0x8000_0009);

  final int code;

  OptionReply(int code) {
    this.code = code;
  }

  static Optional<OptionReply> fromCode(int code) {
    for (OptionReply r : values()) {
      if (r.code == code) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
