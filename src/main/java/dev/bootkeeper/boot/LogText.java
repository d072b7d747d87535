package dev.bootkeeper.boot;

/**
 * Makes a string a client sent safe to put in a log line. A file name, export name or DHCP host
 * name is chosen by whoever is on the network; written raw, a newline in it starts a second line
 * that a reader (or a log shipper) takes for a genuine record, and an escape sequence can rewrite
 * what a terminal shows. So every character that is not visible text becomes a visible escape
 * ({@code \n}, {@code \t}, {@code \u2028}), a backslash is doubled so an escape cannot be faked,
 * and long values are clipped: the log says what came in, never what it pretends to be.
 */
public final class LogText {

  /** Longest escaped text kept; TFTP paths may be 1024 characters, a log line needs far fewer. */
  static final int MAX = 300;

  static final String ELLIPSIS = "…";

  private LogText() {}

  /** The escaped, clipped text; {@code null} stays visible as {@code null}. */
  public static String of(String raw) {
    if (raw == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(Math.min(raw.length(), MAX) + 8);
    // By code point, so a character outside the BMP (a pair of surrogates) is kept whole.
    for (int i = 0; i < raw.length(); i += Character.charCount(raw.codePointAt(i))) {
      if (out.length() >= MAX) {
        return out.append(ELLIPSIS).toString();
      }
      int c = raw.codePointAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\\' -> out.append("\\\\");
        default -> {
          if (invisible(c)) {
            out.append(String.format("\\u%04x", c));
          } else {
            out.appendCodePoint(c);
          }
        }
      }
    }
    return out.toString();
  }

  /** {@link #of(String)} of the value's text, for records and exceptions that echo client input. */
  public static String of(Object raw) {
    return of(raw == null ? null : raw.toString());
  }

  /**
   * C0 and C1 controls and DEL (Cc), line and paragraph separators (Zl, Zp), format characters such
   * as bidi overrides that reorder what a reader sees (Cf), and lone surrogates.
   */
  private static boolean invisible(int c) {
    return switch (Character.getType(c)) {
      case Character.CONTROL,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.FORMAT,
          Character.SURROGATE ->
          true;
      default -> false;
    };
  }
}
