package dev.bootkeeper.dhcp;

import java.util.Optional;

/** DHCP option 53 values (RFC 2132 §9.6). */
public enum DhcpMessageType {
  DISCOVER(1),
  OFFER(2),
  REQUEST(3),
  DECLINE(4),
  ACK(5),
  NAK(6),
  RELEASE(7),
  INFORM(8);

  private final int code;

  DhcpMessageType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static Optional<DhcpMessageType> fromCode(int code) {
    for (DhcpMessageType t : values()) {
      if (t.code == code) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** The lower-case verb used as the boot-event step. */
  public String step() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
