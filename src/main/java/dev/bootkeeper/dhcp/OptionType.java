package dev.bootkeeper.dhcp;

import dev.bootkeeper.boot.Ipv4;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The value types of DHCP options (RFC 2132 §2 data formats): how text a person wrote becomes the
 * option's bytes, and back for display. Numbers are unsigned and big-endian; lists are
 * comma-separated.
 */
public enum OptionType {
  /** One IPv4 address, 4 bytes. */
  IP,
  /** One or more IPv4 addresses, 4 bytes each. */
  IPS,
  /** Text without a terminator (RFC 2132 §2: "NVT ASCII", not NUL-terminated). */
  STRING,
  U8,
  U16,
  U32,
  /** {@code true}/{@code false} (also {@code on}/{@code off}, {@code 1}/{@code 0}): one byte. */
  BOOL,
  /** Raw bytes as hex: {@code 01:02:ff}, {@code 0102ff} or {@code 01 02 ff}. */
  HEX,
  /** RFC 3442 classless static routes: {@code 192.0.2.0/24 via 198.51.100.1, ...}. */
  ROUTES,
  /** RFC 3397 domain search list: {@code lab.example, example.org}. */
  DOMAINS;

  /** The longest value accepted: four full option instances (RFC 3396 splits it on the wire). */
  static final int MAX_BYTES = 1020;

  /** The lower-case name used in the API, the dashboard and the stored form. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<OptionType> of(String label) {
    return Arrays.stream(values())
        .filter(t -> t.label().equals(label.trim().toLowerCase(Locale.ROOT)))
        .findFirst();
  }

  public static String labels() {
    return Arrays.stream(values()).map(OptionType::label).collect(Collectors.joining(", "));
  }

  /**
   * The option bytes for {@code text}.
   *
   * @throws IllegalArgumentException saying what is wrong with the text (without the field name)
   */
  public byte[] encode(String text) {
    String t = text == null ? "" : text.trim();
    if (t.isEmpty() && this != STRING) {
      throw new IllegalArgumentException("a " + label() + " value is required");
    }
    byte[] v =
        switch (this) {
          case IP -> Ipv4.require(t).getAddress();
          case IPS -> addresses(t);
          case STRING -> string(t);
          case U8 -> number(t, 1);
          case U16 -> number(t, 2);
          case U32 -> number(t, 4);
          case BOOL -> new byte[] {bool(t) ? (byte) 1 : 0};
          case HEX -> hex(t);
          case ROUTES -> ClasslessRoutes.encode(ClasslessRoutes.parse(t));
          case DOMAINS -> DomainSearch.encode(DomainSearch.parse(t));
        };
    if (v.length == 0 && this != STRING) {
      throw new IllegalArgumentException("a " + label() + " value is required");
    }
    if (v.length > MAX_BYTES) {
      throw new IllegalArgumentException(
          "the value is " + v.length + " bytes long; at most " + MAX_BYTES + " are sent");
    }
    return v;
  }

  /** The value as a person would write it; hex when the bytes do not fit the type. */
  public String format(byte[] v) {
    String hex = HexFormat.ofDelimiter(":").formatHex(v);
    return switch (this) {
      case IP, IPS -> v.length > 0 && v.length % 4 == 0 ? addressesText(v) : hex;
      case STRING -> new String(v, StandardCharsets.ISO_8859_1);
      case U8, U16, U32 -> {
        long n = 0;
        for (byte b : v) {
          n = (n << 8) | (b & 0xff);
        }
        yield Long.toString(n);
      }
      case BOOL -> v.length == 1 ? Boolean.toString(v[0] != 0) : hex;
      case HEX -> hex;
      case ROUTES -> {
        List<ClasslessRoutes.Route> r = ClasslessRoutes.decode(v);
        yield r.isEmpty()
            ? hex
            : r.stream().map(ClasslessRoutes.Route::toString).collect(Collectors.joining(", "));
      }
      case DOMAINS -> {
        List<String> d = DomainSearch.decode(v);
        yield d.isEmpty() ? hex : String.join(", ", d);
      }
    };
  }

  private static byte[] addresses(String t) {
    List<String> parts = new ArrayList<>();
    for (String p : t.split("[,\\s]+")) {
      if (!p.isBlank()) {
        parts.add(p);
      }
    }
    byte[] v = new byte[parts.size() * 4];
    for (int i = 0; i < parts.size(); i++) {
      System.arraycopy(Ipv4.require(parts.get(i)).getAddress(), 0, v, i * 4, 4);
    }
    return v;
  }

  private static String addressesText(byte[] v) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.length; i += 4) {
      out.add(Ipv4.fromBytes(Arrays.copyOfRange(v, i, i + 4)).getHostAddress());
    }
    return String.join(", ", out);
  }

  /** Printable ASCII only: a control character in an option would reach client scripts. */
  private static byte[] string(String t) {
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException(
            String.format(
                "character U+%04X at position %d is not printable ASCII; send it as hex",
                (int) c, i + 1));
      }
    }
    return t.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] number(String t, int bytes) {
    long max = (1L << (8 * bytes)) - 1;
    long n;
    try {
      n = t.startsWith("0x") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + t + "' is not a whole number", e);
    }
    if (n < 0 || n > max) {
      throw new IllegalArgumentException("'" + t + "' is not between 0 and " + max);
    }
    byte[] v = new byte[bytes];
    for (int i = bytes - 1; i >= 0; i--) {
      v[i] = (byte) n;
      n >>>= 8;
    }
    return v;
  }

  private static boolean bool(String t) {
    return switch (t.toLowerCase(Locale.ROOT)) {
      case "true", "on", "yes", "1" -> true;
      case "false", "off", "no", "0" -> false;
      default -> throw new IllegalArgumentException("'" + t + "' is not true or false");
    };
  }

  private static byte[] hex(String t) {
    String digits = t.replaceAll("[:\\s-]", "");
    if (digits.startsWith("0x")) {
      digits = digits.substring(2);
    }
    if (digits.length() % 2 != 0 || !digits.matches("[0-9A-Fa-f]*")) {
      throw new IllegalArgumentException("'" + t + "' is not hex bytes such as 01:02:ff or 0102ff");
    }
    return HexFormat.of().parseHex(digits);
  }
}
