package dev.bootkeeper.httpboot;

import dev.bootkeeper.boot.MacAddress;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Which machine-facing URLs Bootkeeper answers and which path of the boot tree each one names:
 *
 * <ul>
 *   <li>{@code /images/<path>}: the images directory and the per-client configs in it (the same
 *       tree TFTP serves);
 *   <li>{@code /boot/<mac>.ipxe}: a machine's iPXE script, the MAC in any form ({@code ${net0/mac}}
 *       gives the colon form);
 *   <li>{@code /boot.ipxe?mac=<mac>}: the same, for scripts that prefer a query.
 * </ul>
 *
 * The path is taken exactly as the client sent it, percent-decoded once here; confinement to the
 * images directory ({@code ..}, backslashes, NUL) is then the job of the boot tree's lookup, the
 * same check TFTP gets.
 */
public sealed interface BootHttpPath {

  String IMAGES = "/images/";
  String BOOT_DIR = "/boot/";
  String BOOT_SCRIPT = "/boot.ipxe";

  /** A path of the boot tree to look up. */
  record Lookup(String path) implements BootHttpPath {}

  /**
   * {@code /boot.ipxe} with no {@code mac} query: the machine is found by its address, if known.
   */
  record ScriptForCaller() implements BootHttpPath {}

  /** One of ours, but malformed: answered 400 with the reason. */
  record Bad(String reason) implements BootHttpPath {}

  /** Whether a raw request path is for the machine-facing side at all. */
  static boolean isBootPath(String rawPath) {
    return rawPath != null
        && (rawPath.startsWith(IMAGES)
            || rawPath.startsWith(BOOT_DIR)
            || rawPath.equals(BOOT_SCRIPT)
            || rawPath.equals("/images"));
  }

  /**
   * @param rawPath the request path before any decoding, without the query
   * @param queryMac the {@code mac} query parameter, or null
   */
  static BootHttpPath parse(String rawPath, String queryMac) {
    if (rawPath.equals(BOOT_SCRIPT)) {
      if (queryMac == null || queryMac.isBlank()) {
        return new ScriptForCaller();
      }
      return MacAddress.parse(queryMac)
          .<BootHttpPath>map(m -> new Lookup(scriptPath(m)))
          .orElseGet(
              () ->
                  new Bad(
                      "'"
                          + printable(queryMac, 64)
                          + "' is not a MAC address (use aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff or"
                          + " aabbccddeeff)"));
    }
    String rest;
    String prefix;
    if (rawPath.startsWith(BOOT_DIR)) {
      rest = rawPath.substring(BOOT_DIR.length());
      prefix = "boot/";
    } else if (rawPath.startsWith(IMAGES)) {
      rest = rawPath.substring(IMAGES.length());
      prefix = "";
    } else if (rawPath.equals("/images")) {
      rest = "";
      prefix = "";
    } else {
      return new Bad("not a boot path");
    }
    Optional<String> decoded = percentDecode(rest);
    if (decoded.isEmpty()) {
      return new Bad("malformed percent-encoding or UTF-8 in the path");
    }
    String path = prefix + decoded.get();
    // The tree reads a leading slash as the root; "/" alone is the root directory, never a file.
    return new Lookup(path.isEmpty() ? "/" : path);
  }

  static String scriptPath(MacAddress mac) {
    return "boot/" + mac.colon() + ".ipxe";
  }

  /**
   * RFC 3986 §2.1 percent-decoding of a path: {@code %XX} becomes that byte, everything else stays,
   * {@code +} included (it means a space only in form data). The bytes must be UTF-8.
   */
  static Optional<String> percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return Optional.of(s);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    byte[] in = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < in.length; i++) {
      byte c = in[i];
      if (c == '%') {
        if (i + 2 >= in.length) {
          return Optional.empty();
        }
        int hi = Character.digit(in[i + 1], 16);
        int lo = Character.digit(in[i + 2], 16);
        if (hi < 0 || lo < 0) {
          return Optional.empty();
        }
        out.write((hi << 4) | lo);
        i += 2;
      } else {
        out.write(c);
      }
    }
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(out.toByteArray()))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  /** A client's text made safe to echo in a one-line reason. */
  static String printable(String s, int max) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && i < max; i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return b.toString();
  }
}
