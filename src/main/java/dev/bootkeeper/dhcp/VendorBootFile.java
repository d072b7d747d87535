package dev.bootkeeper.dhcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A boot file for clients whose vendor class (option 60) starts with {@code vendorClass}: U-Boot
 * sends {@code U-Boot.armv8} or {@code U-Boot.armv7} and loads whatever the {@code file} field
 * names. Matched by prefix, as dnsmasq's {@code dhcp-vendorclass} does; the longest prefix wins.
 *
 * @param vendorClass the start of option 60, e.g. {@code U-Boot.armv8}
 * @param bootFile the file name sent in the {@code file} field and option 67, relative to the TFTP
 *     root or an HTTP URL
 */
public record VendorBootFile(String vendorClass, String bootFile) {

  /** The BOOTP {@code file} field holds 128 bytes with the terminating NUL (RFC 2131 §2). */
  static final int MAX_FILE = 127;

  public static final int MAX_ENTRIES = 32;

  /**
   * Checks entries as given.
   *
   * @throws IllegalArgumentException naming the entry ({@code at[1].bootFile}) and the problem
   */
  public static List<VendorBootFile> parse(String at, List<VendorBootFile> given) {
    if (given == null || given.isEmpty()) {
      return List.of();
    }
    if (given.size() > MAX_ENTRIES) {
      throw new IllegalArgumentException(at + ": at most " + MAX_ENTRIES + " vendor classes");
    }
    List<VendorBootFile> out = new ArrayList<>();
    for (int i = 0; i < given.size(); i++) {
      String here = at + "[" + i + "]";
      VendorBootFile v = given.get(i);
      if (v == null) {
        throw new IllegalArgumentException(here + " is empty");
      }
      String vc = printable(here + ".vendorClass", v.vendorClass(), 64);
      if (vc.startsWith(PxeClientInfo.PXE_CLIENT) || vc.startsWith(PxeClientInfo.HTTP_CLIENT)) {
        throw new IllegalArgumentException(
            here
                + ".vendorClass: PXE and HTTP Boot clients get their boot file from their profile");
      }
      String file = printable(here + ".bootFile", v.bootFile(), MAX_FILE);
      for (VendorBootFile earlier : out) {
        if (earlier.vendorClass().equals(vc)) {
          throw new IllegalArgumentException(here + ".vendorClass " + vc + " is given twice");
        }
      }
      out.add(new VendorBootFile(vc, file));
    }
    return List.copyOf(out);
  }

  /**
   * Parses {@code bootkeeper.dhcp.vendor-boot-files} entries, {@code U-Boot.armv8=boot.scr.uimg}.
   */
  static List<VendorBootFile> fromConfig(List<String> entries) {
    List<VendorBootFile> out = new ArrayList<>();
    for (String e : entries) {
      int eq = e.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException(
            "bootkeeper.dhcp.vendor-boot-files: '" + e + "' is not vendor-class=boot-file");
      }
      out.add(new VendorBootFile(e.substring(0, eq).trim(), e.substring(eq + 1).trim()));
    }
    return parse("bootkeeper.dhcp.vendor-boot-files", out);
  }

  /** The entry with the longest prefix of this vendor class. */
  static Optional<VendorBootFile> match(List<VendorBootFile> entries, Optional<String> vendor) {
    if (vendor.isEmpty()) {
      return Optional.empty();
    }
    VendorBootFile best = null;
    for (VendorBootFile v : entries) {
      if (vendor.get().startsWith(v.vendorClass())
          && (best == null || v.vendorClass().length() > best.vendorClass().length())) {
        best = v;
      }
    }
    return Optional.ofNullable(best);
  }

  private static String printable(String at, String text, int max) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(at + " is required");
    }
    String t = text.trim();
    if (t.length() > max) {
      throw new IllegalArgumentException(at + " is longer than " + max + " characters");
    }
    if (!t.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException(
          at + " '" + t + "' may only hold printable ASCII without spaces");
    }
    return t;
  }
}
