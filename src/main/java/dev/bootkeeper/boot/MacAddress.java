package dev.bootkeeper.boot;

import java.util.HexFormat;
import java.util.Optional;

/**
 * An Ethernet MAC address. Accepted as {@code aa:bb:cc:dd:ee:ff}, {@code aa-bb-cc-dd-ee-ff} or
 * {@code aabbccddeeff} in any case; always printed in the lower-case colon form.
 */
public record MacAddress(byte[] bytes) {

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
    // By hand, not by regular expression: every request that names a machine parses its MAC, and
    // the matchers were a tenth of what an iPXE script request allocated.
    int step;
    if (t.length() == 17) {
      char separator = t.charAt(2);
      if (separator != ':' && separator != '-') {
        return Optional.empty();
      }
      for (int i = 5; i < 17; i += 3) {
        if (t.charAt(i) != separator) {
          return Optional.empty();
        }
      }
      step = 3;
    } else if (t.length() == 12) {
      step = 2;
    } else {
      return Optional.empty();
    }
    byte[] bytes = new byte[6];
    for (int i = 0; i < 6; i++) {
      int high = hexDigit(t.charAt(i * step));
      int low = hexDigit(t.charAt(i * step + 1));
      if (high < 0 || low < 0) {
        return Optional.empty();
      }
      bytes[i] = (byte) (high << 4 | low);
    }
    return Optional.of(new MacAddress(bytes));
  }

  /** 0-15, or -1 for anything but an ASCII hex digit (Character.digit takes other scripts'). */
  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
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
