package dev.bootkeeper.nbd;

import java.util.HexFormat;

/** Readable hex fixtures: whitespace and {@code |} separators are ignored. */
final class Hex {

  private Hex() {}

  static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.replaceAll("[\\s|]", ""));
  }

  static String of(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
