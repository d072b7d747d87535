package dev.bootkeeper.boot;

import java.util.Optional;

/**
 * Every config Bootkeeper renders is read line by line, and pxelinux takes the rest of a line as a
 * directive's value ({@code APPEND}, {@code MENU LABEL}): a value that breaks a line writes a
 * directive of its own. Boot loaders split at {@code \n} only, but editors, the dashboard preview
 * and Java's own {@code String.lines()} also break at {@code \r}, U+0085 (NEL), U+2028 and U+2029,
 * so every one of them is refused, as is every other control character (C0, DEL, C1).
 */
public final class ConfigLines {

  private ConfigLines() {}

  public static boolean isLineBreak(int c) {
    return c == '\n'
        || c == '\r'
        || c == 0x0b
        || c == 0x0c
        || c == 0x85
        || c == 0x2028
        || c == 0x2029;
  }

  /** C0, DEL and C1 controls (Unicode category Cc), line breaks among them, and U+2028/U+2029. */
  public static boolean isControl(int c) {
    return Character.getType(c) == Character.CONTROL || isLineBreak(c);
  }

  /**
   * What is wrong with a value that must stay on one line, or empty.
   *
   * @param allowed characters that are fine here although they are controls ({@code "\n\t"} for
   *     multi-line text such as scripts and templates)
   */
  public static Optional<String> problem(String value, String allowed) {
    if (value == null) {
      return Optional.empty();
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (isControl(c) && allowed.indexOf(c) < 0) {
        return Optional.of(
            String.format(
                "contains a %s (U+%04X, position %d)",
                isLineBreak(c) ? "line break" : "control character", (int) c, i));
      }
    }
    return Optional.empty();
  }
}
