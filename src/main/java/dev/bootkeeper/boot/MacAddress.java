package dev.bootkeeper.boot;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An Ethernet MAC address. Accepted as {@code aa:bb:cc:dd:ee:ff}, {@code aa-bb-cc-dd-ee-ff} or
 * {@code aabbccddeeff} in any case; always printed in the lower-case colon form.
 */
public record MacAddress(byte[] bytes) {

  private static final Pattern COLON = Pattern.compile("(?i)[0-9a-f]{2}(:[0-9a-f]{2}){5}");
  private static final Pattern DASH = Pattern.compile("(?i)[0-9a-f]{2}(-[0-9a-f]{2}){5}");
  private static final Pattern RAW = Pattern.compile("(?i)[0-9a-f]{12}");

  public MacAddress {
    if (bytes == null || bytes.length != 6) {
      throw new IllegalArgumentException("a MAC address has 6 bytes");
    }
    bytes = bytes.clone();
  }

  /** Parses any accepted form; empty when the text is not a MAC address. */
  public static Optional<MacAddress> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.trim();
    if (!(COLON.matcher(t).matches() || DASH.matcher(t).matches() || RAW.matcher(t).matches())) {
      return Optional.empty();
    }
    String raw = t.replace(":", "").replace("-", "");
    return Optional.of(new MacAddress(HexFormat.of().parseHex(raw.toLowerCase(Locale.ROOT))));
  }

  /** Parses or throws {@link IllegalArgumentException} with a message naming the bad value. */
  public static MacAddress of(String text) {
    return parse(text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "'"
                        + text
                        + "' is not a MAC address (use aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff or"
                        + " aabbccddeeff)"));
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** {@code aa:bb:cc:dd:ee:ff}: the canonical form the API returns and the store keeps. */
  public String colon() {
    return HexFormat.ofDelimiter(":").formatHex(bytes);
  }

  /** {@code aa-bb-cc-dd-ee-ff}: as in pxelinux's {@code 01-<mac>} and GRUB's config names. */
  public String dashed() {
    return HexFormat.ofDelimiter("-").formatHex(bytes);
  }

  /** {@code aabbccddeeff}. */
  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  /** pxelinux's BOOTIF value: ARP type 1 (Ethernet) then the dashed MAC. */
  public String bootif() {
    return "01-" + dashed();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MacAddress m && java.util.Arrays.equals(bytes, m.bytes);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return colon();
  }
}
