package dev.bootkeeper.dhcp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Option 119, the domain search list (RFC 3397): the names in DNS wire format, each a sequence of
 * length-prefixed labels ending in a zero byte, compressed as RFC 1035 §4.1.4 describes: a suffix
 * already written is replaced by a two-byte pointer (0xC0 | offset) to where it starts. Offsets
 * count from the start of the option value (RFC 3397 §2), across the parts of a split option.
 */
final class DomainSearch {

  private static final Pattern NAME =
      Pattern.compile(
          "(?=.{1,253}$)[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?"
              + "(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*");

  /** A pointer holds a 14-bit offset. */
  private static final int MAX_POINTER = 0x3fff;

  private DomainSearch() {}

  /**
   * @throws IllegalArgumentException naming the domain that is not a DNS name
   */
  static List<String> parse(String text) {
    List<String> names = new ArrayList<>();
    for (String part : text.split("[,\\s]+")) {
      String n = part.trim();
      if (n.endsWith(".")) {
        n = n.substring(0, n.length() - 1);
      }
      if (n.isEmpty()) {
        continue;
      }
      if (!NAME.matcher(n).matches()) {
        throw new IllegalArgumentException("'" + n + "' is not a domain name such as lab.example");
      }
      names.add(n);
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("no domain given, e.g. lab.example, example.org");
    }
    return names;
  }

  static byte[] encode(List<String> names) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Map<String, Integer> written = new HashMap<>();
    for (String name : names) {
      String[] labels = name.split("\\.");
      for (int i = 0; i < labels.length; i++) {
        String suffix = String.join(".", List.of(labels).subList(i, labels.length));
        Integer at = written.get(suffix.toLowerCase(Locale.ROOT));
        if (at != null) {
          out.write(0xc0 | (at >> 8));
          out.write(at & 0xff);
          break;
        }
        if (out.size() <= MAX_POINTER) {
          written.put(suffix.toLowerCase(Locale.ROOT), out.size());
        }
        byte[] label = labels[i].getBytes(StandardCharsets.US_ASCII);
        out.write(label.length);
        out.writeBytes(label);
        if (i == labels.length - 1) {
          out.write(0);
        }
      }
    }
    return out.toByteArray();
  }

  /** The names in {@code value}, following pointers; empty when it is malformed. */
  static List<String> decode(byte[] value) {
    List<String> names = new ArrayList<>();
    int i = 0;
    while (i < value.length) {
      StringBuilder name = new StringBuilder();
      int next = read(value, i, name, 0);
      if (next < 0) {
        return List.of();
      }
      names.add(name.toString());
      i = next;
    }
    return names;
  }

  /** Reads one name from {@code at}; returns where the next name starts, or -1 when malformed. */
  private static int read(byte[] v, int at, StringBuilder name, int depth) {
    int i = at;
    while (i < v.length && depth < 64) {
      int len = v[i] & 0xff;
      if (len == 0) {
        return i + 1;
      }
      if ((len & 0xc0) == 0xc0) {
        if (i + 1 >= v.length) {
          return -1;
        }
        int target = ((len & 0x3f) << 8) | (v[i + 1] & 0xff);
        if (target >= i || read(v, target, name, depth + 1) < 0) {
          return -1;
        }
        return i + 2;
      }
      if (len > 63 || i + 1 + len > v.length) {
        return -1;
      }
      if (name.length() > 0) {
        name.append('.');
      }
      name.append(new String(v, i + 1, len, StandardCharsets.US_ASCII));
      i += 1 + len;
    }
    return -1;
  }
}
