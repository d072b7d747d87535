package dev.bootkeeper.nbd;

import java.util.Optional;

/** Transmission-phase request types (NBD protocol, "Request types"). */
enum NbdCommand {
  READ(0),
  WRITE(1),
  DISC(2),
  FLUSH(3),
  TRIM(4),
  CACHE(5),
  WRITE_ZEROES(6),
  BLOCK_STATUS(7),
  RESIZE(8);

  final int code;

  NbdCommand(int code) {
    this.code = code;
  }

  static Optional<NbdCommand> fromCode(int code) {
    for (NbdCommand c : values()) {
      if (c.code == code) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
