package dev.bootkeeper.nbd;

import java.util.Optional;

/** Handshake option codes (NBD protocol, "Option types"). Option 4 was withdrawn. */
enum NbdOption {
  EXPORT_NAME(1),
  ABORT(2),
  LIST(3),
  STARTTLS(5),
  INFO(6),
  GO(7),
  STRUCTURED_REPLY(8),
  LIST_META_CONTEXT(9),
  SET_META_CONTEXT(10),
  EXTENDED_HEADERS(11);

  final int code;

  NbdOption(int code) {
    this.code = code;
  }

  static Optional<NbdOption> fromCode(int code) {
    for (NbdOption o : values()) {
      if (o.code == code) {
        return Optional.of(o);
      }
    }
    return Optional.empty();
  }
}
