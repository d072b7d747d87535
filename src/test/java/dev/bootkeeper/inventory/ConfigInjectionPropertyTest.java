package dev.bootkeeper.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.bootkeeper.boot.ConfigFormat;
import dev.bootkeeper.boot.ConfigRenderer;
import dev.bootkeeper.boot.MacAddress;
import dev.bootkeeper.boot.ProfileSpec;
import dev.bootkeeper.boot.ProfileSpecs;
import dev.bootkeeper.boot.RenderContext;
import dev.bootkeeper.boot.Tokens;
import dev.bootkeeper.store.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Random text in every profile field never adds a directive to a rendered config: each accepted
 * profile's config is read back with a small tokenizer of the format, and its commands (their
 * names, their file counts, the menu entries and braces) must be those of the same profile with
 * plain values. A value the inventory refuses counts as refused, which is fine.
 */
class ConfigInjectionPropertyTest {

  static final int CASES = 2_000;

  static final RenderContext CTX =
      new RenderContext(
          "198.18.0.1",
          "http://198.18.0.1:8080",
          "/srv/images",
          Optional.of(MacAddress.of("52:54:00:12:34:56")),
          "undionly.kpxe",
          "snponly.efi");

  /** What random values are made of: syntax of the three formats, unicode, letters. */
  static final String[] PRINTABLE = {
    "'",
    "\"",
    ";",
    "{",
    "}",
    "$",
    "${",
    "${x}",
    "$x",
    "#",
    "\\",
    " ",
    "  ",
    "||",
    "&&",
    "|",
    "&",
    "<",
    ">",
    ",",
    "/",
    "..",
    "=",
    ":",
    "(",
    ")",
    "%",
    "?",
    "*",
    "!",
    "`",
    "~",
    "a",
    "B",
    "7",
    "é",
    "€",
    "\uD83D\uDE00",
    "\u00a0",
    "\u3000",
    "menuentry",
    "LINUX",
    "APPEND",
    "boot",
    "initrd=",
    "chain",
    "reboot",
    "-",
    "_",
    ".",
    "${bootkeeper_stage3}",
    "${pxeserver}",
    "'\\''",
    "\\n"
  };

  static final String[] CONTROL = {
    "\n", "\r", "\r\n", "\t", "\u000b", "\f", "\u0000", "\u0007", "\u001b", "\u007f", "\u0085",
    "\u009b", "\u2028", "\u2029"
  };

  private final ConfigRenderer renderer = new ConfigRenderer();

  @ParameterizedTest
  @EnumSource(ConfigFormat.class)
  void randomValuesInEveryFieldNeverAddADirective(ConfigFormat format) {
    Random random = new Random(0x5EC2L + format.ordinal());
    int accepted = 0;
    for (int i = 0; i < CASES; i++) {
      ProfileData in = randomProfile(random);
      ProfileSpec spec;
      try {
        Profile p = new Profile();
        ProfileMapper.apply(in, p, renderer);
        spec = ProfileSpecs.from(p);
      } catch (InventoryException refused) {
        continue;
      }
      accepted++;
      String out = renderer.render(spec, format, CTX);
      String plain = renderer.render(plain(spec), format, CTX);
      for (int c = 0; c < out.length(); c++) {
        char ch = out.charAt(c);
        if (ch != '\n'
            && (Character.getType(ch) == Character.CONTROL || ch == 0x2028 || ch == 0x2029)) {
          fail("control U+" + Integer.toHexString(ch) + " in output of " + in + ":\n" + out);
        }
      }
      assertEquals(
          signature(format, plain), signature(format, out), () -> "case " + in + ":\n" + out);
    }
    assertTrue(accepted > CASES / 4, "too few accepted cases to mean anything: " + accepted);
  }

  private static ProfileData randomProfile(Random r) {
    boolean hostile = r.nextInt(4) == 0;
    String kind = r.nextInt(4) == 0 ? "chain" : "linux";
    List<String> initrds = new ArrayList<>();
    for (int n = r.nextInt(3); n > 0; n--) {
      initrds.add(path(r, hostile));
    }
    ProfileData.Stage3 stage3 =
        r.nextInt(4) == 0 ? new ProfileData.Stage3("http", path(r, hostile)) : null;
    return new ProfileData(
        "prop",
        value(r, hostile),
        kind,
        path(r, hostile),
        initrds,
        value(r, hostile),
        null,
        null,
        stage3,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  private static String path(Random r, boolean hostile) {
    String v = value(r, hostile).replace(" ", "");
    return switch (r.nextInt(3)) {
      case 0 -> "k/" + v;
      case 1 -> "http://mirror.example/" + v;
      default -> v;
    };
  }

  private static String value(Random r, boolean hostile) {
    StringBuilder b = new StringBuilder();
    for (int n = r.nextInt(10); n > 0; n--) {
      b.append(
          hostile && r.nextInt(5) == 0
              ? CONTROL[r.nextInt(CONTROL.length)]
              : PRINTABLE[r.nextInt(PRINTABLE.length)]);
    }
    return b.toString();
  }

  /** The same profile with plain values where it has values. */
  private static ProfileSpec plain(ProfileSpec s) {
    List<String> initrds = new ArrayList<>();
    for (int i = 0; i < s.initrds().size(); i++) {
      initrds.add("plain/initrd" + i);
    }
    return new ProfileSpec(
        s.name(),
        s.description() == null ? null : "Plain",
        s.kind(),
        s.kernel() == null ? null : "plain/vmlinuz",
        initrds,
        s.cmdline() == null || Tokens.expand(s.cmdline(), s, CTX).isBlank()
            ? s.cmdline()
            : "plain=1",
        null,
        s.stage3Method(),
        s.stage3Image() == null ? null : "plain",
        s.templates(),
        s.selector(),
        s.selectorPriority(),
        Optional.empty());
  }

  static List<String> signature(ConfigFormat format, String config) {
    return switch (format) {
      case PXELINUX -> pxelinux(config);
      case IPXE -> ipxe(config);
      case GRUB -> grub(config);
    };
  }

  /**
   * pxelinux (syslinux doc/syslinux.txt): one directive per line, keyword first, the value the rest
   * of the line; LINUX/KERNEL run the first word with the others as arguments, INITRD is a comma
   * list.
   */
  static List<String> pxelinux(String config) {
    List<String> sig = new ArrayList<>();
    for (String line : config.split("\n", -1)) {
      String t = line.replaceAll("^[\\x00-\\x20]+", "");
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      String[] kv = t.split("[\\x00-\\x20]+", 2);
      String keyword = kv[0].toUpperCase();
      String value = kv.length > 1 ? kv[1].strip() : "";
      if (keyword.equals("MENU")) {
        keyword += " " + value.split("[\\x00-\\x20]+", 2)[0].toUpperCase();
      }
      sig.add(keyword);
      if (keyword.equals("LINUX") || keyword.equals("KERNEL")) {
        sig.add("words=" + value.split("[\\x00-\\x20]+").length);
      }
      if (keyword.equals("INITRD")) {
        sig.add("files=" + value.split(",", -1).length);
      }
    }
    return sig;
  }

  /**
   * iPXE (src/image/script.c, src/core/exec.c): backslash continues a line; settings expand
   * innermost first (unset ones to nothing); words split at whitespace; {@code ||} and {@code &&}
   * start a new command, a word starting with {@code #} a comment.
   */
  static List<String> ipxe(String config) {
    List<String> sig = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    for (String line : config.split("\n", -1)) {
      String l = line.stripTrailing();
      if (l.endsWith("\\")) {
        pending.append(l, 0, l.length() - 1);
        continue;
      }
      lines.add(pending + l);
      pending.setLength(0);
    }
    if (!pending.isEmpty()) {
      lines.add(pending.toString());
    }
    for (String line : lines) {
      List<String> command = new ArrayList<>();
      for (String word : expand(line).split("[ \\t\\n\\x0B\\f\\r]+")) {
        if (word.isEmpty()) {
          continue;
        }
        if (word.startsWith("#")) {
          break;
        }
        if (word.equals("||") || word.equals("&&")) {
          addIpxe(sig, command);
          sig.add(word);
          command = new ArrayList<>();
          continue;
        }
        command.add(word);
      }
      addIpxe(sig, command);
    }
    return sig;
  }

  private static void addIpxe(List<String> sig, List<String> command) {
    if (command.isEmpty()) {
      return;
    }
    String name = command.get(0);
    sig.add(name);
    if (!name.equals("kernel") && !name.equals("echo")) {
      sig.add("args=" + (command.size() - 1));
    }
  }

  private static String expand(String line) {
    String s = line;
    while (true) {
      int close = -1;
      int open = -1;
      for (int i = 0; i < s.length() && close < 0; i++) {
        if (s.startsWith("${", i)) {
          open = i;
        } else if (open >= 0 && s.charAt(i) == '}') {
          close = i;
        }
      }
      if (close < 0) {
        return s;
      }
      s = s.substring(0, open) + s.substring(close + 1);
    }
  }

  /**
   * GRUB (manual, "Shell-like scripting"): words end at blanks; newline and {@code ;} end a
   * command; {@code { } | & < >} unquoted are syntax; {@code #} at a word's start comments to the
   * end of the line; single quotes are literal to the next quote; double quotes allow {@code \}
   * escapes and {@code $} variables; an unquoted {@code \} escapes the next character.
   */
  static List<String> grub(String config) {
    List<String> sig = new ArrayList<>();
    List<String> command = new ArrayList<>();
    StringBuilder word = null;
    int i = 0;
    while (i < config.length()) {
      char c = config.charAt(i);
      if (c == ' ' || c == '\t') {
        word = endWord(command, word);
        i++;
      } else if (c == '\n' || c == ';') {
        word = endWord(command, word);
        endGrubCommand(sig, command);
        i++;
      } else if ("{}|&<>".indexOf(c) >= 0) {
        word = endWord(command, word);
        endGrubCommand(sig, command);
        sig.add(String.valueOf(c));
        i++;
      } else if (c == '#' && word == null) {
        while (i < config.length() && config.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '\'') {
        int close = config.indexOf('\'', i + 1);
        if (close < 0) {
          sig.add("unterminated '");
          return sig;
        }
        word = (word == null ? new StringBuilder() : word).append(config, i + 1, close);
        i = close + 1;
      } else if (c == '"') {
        word = word == null ? new StringBuilder() : word;
        i++;
        while (i < config.length() && config.charAt(i) != '"') {
          if (config.charAt(i) == '\\' && i + 1 < config.length()) {
            i++;
          }
          word.append(config.charAt(i));
          i++;
        }
        if (i >= config.length()) {
          sig.add("unterminated \"");
          return sig;
        }
        i++;
      } else if (c == '\\' && i + 1 < config.length()) {
        word = (word == null ? new StringBuilder() : word).append(config.charAt(i + 1));
        i += 2;
      } else {
        if (c == '$') {
          sig.add("unquoted $");
        }
        word = (word == null ? new StringBuilder() : word).append(c);
        i++;
      }
    }
    endWord(command, word);
    endGrubCommand(sig, command);
    return sig;
  }

  private static StringBuilder endWord(List<String> command, StringBuilder word) {
    if (word != null) {
      command.add(word.toString());
    }
    return null;
  }

  private static void endGrubCommand(List<String> sig, List<String> command) {
    if (command.isEmpty()) {
      return;
    }
    String name = command.get(0);
    sig.add(name);
    if (name.equals("initrd") || name.equals("chainloader") || name.equals("menuentry")) {
      sig.add("args=" + (command.size() - 1));
    }
    command.clear();
  }
}
