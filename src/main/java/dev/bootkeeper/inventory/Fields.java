package dev.bootkeeper.inventory;

import dev.bootkeeper.boot.ConfigLines;
import dev.bootkeeper.boot.ImageRoot;
import dev.bootkeeper.boot.Ipv4;
import dev.bootkeeper.boot.IpxeQuote;
import dev.bootkeeper.boot.MacAddress;
import dev.bootkeeper.boot.PxelinuxText;
import dev.bootkeeper.store.UefiChain;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Input rules shared by the inventory and by every API call that reads a single field. A line break
 * of any kind or other control character in a single-line field is refused: it would inject lines
 * into a rendered boot config.
 */
public final class Fields {

  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  static final Pattern LABEL_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,62}");
  static final Pattern HOSTNAME =
      Pattern.compile(
          "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

  private Fields() {}

  /** {@code ipxe}, {@code secure-boot}, or null when blank (decided elsewhere). */
  public static UefiChain uefiChain(String field, String value) {
    String v = blankToNull(line(field, value, 32));
    if (v == null) {
      return null;
    }
    return UefiChain.fromWireName(v)
        .orElseThrow(
            () ->
                InventoryException.invalid(
                    field + " '" + v + "' is not one of ipxe, secure-boot (or empty: not chosen)"));
  }

  /**
   * A single-line value: no line break of any kind and no other control character ({@link
   * ConfigLines}), at most {@code max} characters.
   */
  public static String line(String field, String value, int max) {
    if (value == null) {
      return null;
    }
    ConfigLines.problem(value, "")
        .ifPresent(
            m -> {
              throw InventoryException.invalid(field + " " + m + "; it must be a single line");
            });
    if (value.length() > max) {
      throw InventoryException.invalid(field + " is longer than " + max + " characters");
    }
    return value;
  }

  /**
   * Multi-line text (scripts, templates, notes): newlines and tabs, no other control characters and
   * no other line breaks.
   */
  public static String text(String field, String value, int max) {
    if (value == null) {
      return null;
    }
    String v = value.replace("\r\n", "\n");
    ConfigLines.problem(v, "\n\t")
        .ifPresent(
            m -> {
              throw InventoryException.invalid(field + " " + m);
            });
    if (v.length() > max) {
      throw InventoryException.invalid(field + " is longer than " + max + " characters");
    }
    return v;
  }

  public static String name(String field, String value) {
    if (value == null || value.isBlank()) {
      throw InventoryException.invalid(field + " is required");
    }
    line(field, value, 64);
    if (!NAME.matcher(value).matches()) {
      throw InventoryException.invalid(
          field
              + " '"
              + value
              + "' may only hold letters, digits, '.', '_' and '-', and must start with a letter"
              + " or digit (at most 64)");
    }
    return value;
  }

  public static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /**
   * A path under the images directory (no way out of it) or an http(s)/tftp URL, which every boot
   * loader reads as one file name: no spaces or commas (pxelinux cannot quote them, {@link
   * PxelinuxText}) and nothing that ends an iPXE command ({@link IpxeQuote}).
   */
  public static String fileRef(String field, String value) {
    String v = blankToNull(line(field, value, 1024));
    if (v == null) {
      return null;
    }
    String ref = pathOrUrl(field, v);
    PxelinuxText.pathProblem(ref)
        .or(() -> IpxeQuote.argumentsProblem(ref))
        .ifPresent(
            m -> {
              throw InventoryException.invalid(field + " '" + v + "' " + m);
            });
    return ref;
  }

  private static String pathOrUrl(String field, String v) {
    if (v.matches("(?i)(https?|tftp|ftp)://[^\\s]+")) {
      return v;
    }
    if (v.contains("://")) {
      throw InventoryException.invalid(field + " '" + v + "': only http, https, tftp and ftp URLs");
    }
    ImageRoot.Normalised n = ImageRoot.normalise(v);
    if (n instanceof ImageRoot.Normalised.Bad bad) {
      throw InventoryException.invalid(
          field + " '" + v + "' is not a path under the images directory: " + bad.reason());
    }
    String path = ((ImageRoot.Normalised.Ok) n).path();
    if (path.isEmpty()) {
      throw InventoryException.invalid(field + " '" + v + "' names no file");
    }
    return path;
  }

  /** A MAC address in any of the three usual spellings. */
  public static MacAddress mac(String text) {
    MacAddress mac =
        MacAddress.parse(text)
            .orElseThrow(
                () ->
                    InventoryException.invalid(
                        "'"
                            + line("mac", text, 64)
                            + "' is not a MAC address (use aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff or"
                            + " aabbccddeeff)"));
    byte[] b = mac.bytes();
    // IEEE 802: the least significant bit of the first octet marks a group (multicast or
    // broadcast) address, which no network card has; all zeros is "no address".
    if ((b[0] & 1) != 0) {
      throw InventoryException.invalid(
          mac.colon() + " is a multicast or broadcast address, not a network card's");
    }
    if (java.util.Arrays.equals(b, new byte[6])) {
      throw InventoryException.invalid("00:00:00:00:00:00 is not a network card's address");
    }
    return mac;
  }

  public static String ipv4(String field, String value) {
    String v = blankToNull(line(field, value, 15));
    if (v == null) {
      return null;
    }
    return Ipv4.parse(v)
        .map(a -> a.getHostAddress())
        .orElseThrow(
            () -> InventoryException.invalid(field + " '" + v + "' is not an IPv4 address"));
  }

  public static void labels(String field, Map<String, String> labels) {
    if (labels == null) {
      return;
    }
    if (labels.size() > 64) {
      throw InventoryException.invalid(field + ": at most 64 labels");
    }
    labels.forEach(
        (k, v) -> {
          line(field + " key", k, 63);
          if (k == null || !LABEL_KEY.matcher(k).matches()) {
            throw InventoryException.invalid(
                field + " key '" + k + "' may only hold letters, digits, '.', '_', '/' and '-'");
          }
          if (v == null) {
            throw InventoryException.invalid(field + " '" + k + "' has no value");
          }
          line(field + " '" + k + "'", v, 256);
        });
  }
}
