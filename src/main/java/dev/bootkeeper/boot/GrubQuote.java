package dev.bootkeeper.boot;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GRUB 2's shell-like quoting (GRUB manual, "Shell-like scripting"; grub-core/script/yylex.l).
 * Outside quotes {@code ; { } | & < > $ # " ' \} and whitespace end a word, start a command or
 * expand a variable; inside single quotes every character is literal and a quote is written as
 * {@code '\''} (close, escaped quote, reopen). Words of only plain characters stay as they are, so
 * ordinary configs read as before.
 */
public final class GrubQuote {

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_.,/:=@+%()-]+");

  /** {@code ${name}} or {@code $name}: a GRUB variable a command line may name on purpose. */
  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\}|\\$([A-Za-z_][A-Za-z0-9_]*)");

  private GrubQuote() {}

  /** Always in single quotes: a menu entry's title. */
  public static String quoted(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /** One word (a path), quoted when it holds anything but plain characters. */
  public static String word(String s) {
    return PLAIN.matcher(s).matches() ? s : quoted(s);
  }

  /**
   * A kernel command line as GRUB arguments: one word per space-separated argument (GRUB's {@code
   * linux} joins them with a space again). A GRUB variable stays a variable, in double quotes so
   * that its value stays inside its argument; everything else is literal.
   */
  public static String arguments(String cmdline) {
    StringBuilder out = new StringBuilder();
    for (String arg : cmdline.strip().split("\\s+")) {
      if (arg.isEmpty()) {
        continue;
      }
      if (!out.isEmpty()) {
        out.append(' ');
      }
      out.append(argument(arg));
    }
    return out.toString();
  }

  private static String argument(String arg) {
    Matcher m = VARIABLE.matcher(arg);
    StringBuilder b = new StringBuilder();
    int last = 0;
    while (m.find()) {
      if (m.start() > last) {
        b.append(word(arg.substring(last, m.start())));
      }
      b.append("\"${").append(m.group(1) != null ? m.group(1) : m.group(2)).append("}\"");
      last = m.end();
    }
    if (last < arg.length()) {
      b.append(word(arg.substring(last)));
    }
    return b.toString();
  }
}
