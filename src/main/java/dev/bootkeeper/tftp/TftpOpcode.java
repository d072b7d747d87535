package dev.bootkeeper.tftp;

import java.util.Optional;

/** TFTP opcodes: RFC 1350 §5 (1-5) and RFC 2347 (6, OACK). */
public enum TftpOpcode {
  RRQ(1),
  WRQ(2),
  DATA(3),
  ACK(4),
  ERROR(5),
  OACK(6);

  private final int code;

  TftpOpcode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static Optional<TftpOpcode> fromCode(int code) {
    for (TftpOpcode op : values()) {
      if (op.code == code) {
        return Optional.of(op);
      }
    }
    return Optional.empty();
  }
}
