package dev.bootkeeper.tftp;

import java.util.Locale;
import java.util.Optional;

/** RFC 1350 transfer modes this server serves; {@code mail} is obsolete and refused. */
public enum TransferMode {
  OCTET("octet"),
  NETASCII("netascii");

  private final String wireName;

  TransferMode(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** Modes are case-insensitive on the wire (RFC 1350 §5). */
  public static Optional<TransferMode> fromWire(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (TransferMode m : values()) {
      if (m.wireName.equals(n)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }
}
