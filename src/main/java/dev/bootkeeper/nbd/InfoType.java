package dev.bootkeeper.nbd;

import java.util.Optional;

/** Information types asked for and answered in NBD_OPT_INFO / NBD_OPT_GO. */
enum InfoType {
  EXPORT(0),
  NAME(1),
  DESCRIPTION(2),
  BLOCK_SIZE(3);

  final int code;

  InfoType(int code) {
    this.code = code;
  }

  static Optional<InfoType> fromCode(int code) {
    for (InfoType t : values()) {
      if (t.code == code) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
