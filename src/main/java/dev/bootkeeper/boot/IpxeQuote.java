package dev.bootkeeper.boot;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * iPXE's script syntax (ipxe.org/scripting; src/core/exec.c): a line first has every {@code ${…}}
 * expanded, innermost first, an unknown setting to nothing; it is then split at whitespace, a word
 * {@code ||} or {@code &&} starts the next command and a word starting with {@code #} starts a
 * comment; a line ending in a backslash continues on the next one (src/image/script.c). iPXE has no
 * quoting, so file paths are percent-encoded into the URL and a command line that would end or
 * split its {@code kernel} command is refused. {@code ${…}} in a command line or URL is left for
 * iPXE to expand: that is how a profile names {@code ${net0/mac}}.
 */
public final class IpxeQuote {

  private static final String URL_PATH_SAFE =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/:@+,=";

  private IpxeQuote() {}

  /**
   * A path under the images directory as the path of a URL: every byte outside RFC 3986's
   * unreserved set and a few harmless delimiters is percent-encoded, so {@code $}, {@code #},
   * {@code ?}, {@code %} and spaces reach the HTTP server as part of the file name.
   */
  public static String urlPath(String path) {
    StringBuilder out = new StringBuilder(path.length());
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c < 0x80 && URL_PATH_SAFE.indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /**
   * What would make these words, at the end of a {@code kernel} or {@code initrd} line, run or hide
   * anything besides that command, or empty. Checked with every {@code ${…}} expanded to nothing,
   * as iPXE does for a setting that is not set.
   */
  public static Optional<String> argumentsProblem(String words) {
    if (words == null || words.isBlank()) {
      return Optional.empty();
    }
    if (words.strip().endsWith("\\")) {
      return Optional.of("ends in a backslash: iPXE would join the next line to it");
    }
    for (String word : expandUnset(words).split("[ \\t\\n\\x0B\\f\\r]+")) {
      if (word.equals("||") || word.equals("&&")) {
        return Optional.of(
            "holds the word '" + word + "': iPXE would run what follows as a command");
      }
      if (word.startsWith("#")) {
        return Optional.of(
            "holds a word starting with '#' ("
                + word
                + "): iPXE would ignore the rest of the line as a comment");
      }
    }
    return Optional.empty();
  }

  /**
   * Text for the rest of a {@code menu} or {@code item} line, which iPXE shows as written but
   * parses like any command line. It has no quoting, so what it would act on is written so that
   * it reads the same and does nothing: {@code ${} becomes {@code $ {} (no expansion), a word
   * {@code ||}, {@code &&} or starting with {@code #} goes in parentheses (no second command, no
   * comment), a trailing backslash is dropped (no joined line), and runs of whitespace become one
   * space, as iPXE would join the words anyway.
   */
  public static String text(String s) {
    StringBuilder out = new StringBuilder();
    for (String word : s.replace("${", "$ {").strip().split("[ \\t\\n\\x0B\\f\\r]+")) {
      if (word.isEmpty()) {
        continue;
      }
      if (!out.isEmpty()) {
        out.append(' ');
      }
      boolean acts = word.equals("||") || word.equals("&&") || word.startsWith("#");
      out.append(acts ? "(" + word + ")" : word);
    }
    while (!out.isEmpty() && out.charAt(out.length() - 1) == '\\') {
      out.setLength(out.length() - 1);
    }
    return out.toString().strip();
  }

  /** The line as iPXE runs it when no setting it names is set (src/core/settings.c). */
  static String expandUnset(String line) {
    String s = line;
    while (true) {
      int start = -1;
      int end = -1;
      for (int i = 0; i < s.length(); i++) {
        if (s.startsWith("${", i)) {
          start = i;
        }
        if (start >= 0 && s.charAt(i) == '}') {
          end = i;
          break;
        }
      }
      if (end < 0) {
        return s;
      }
      s = s.substring(0, start) + s.substring(end + 1);
    }
  }
}
