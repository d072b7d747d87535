package dev.bootkeeper.dashboard;

import dev.bootkeeper.boot.DhcpOptionSpec;
import dev.bootkeeper.dhcp.VendorBootFile;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * DHCP options and vendor-class boot files as the dashboard's text areas show them, one per line:
 * {@code mtu = 9000}, {@code 150 ips = 192.0.2.5, 192.0.2.6}, {@code always ntp-servers =
 * 192.0.2.1}; {@code U-Boot.armv8 = boot/arm64/boot.scr.uimg}. Only the layout is read here: the
 * DHCP server's own checks judge the values, with the same messages as the API's.
 */
final class OptionLines {

  private static final String ALWAYS = "always ";

  private OptionLines() {}

  static List<DhcpOptionSpec> options(String text) {
    List<DhcpOptionSpec> out = new ArrayList<>();
    for (String raw : lines(text)) {
      String line = raw;
      boolean always = line.startsWith(ALWAYS);
      if (always) {
        line = line.substring(ALWAYS.length()).trim();
      }
      int eq = line.indexOf('=');
      String head = (eq < 0 ? line : line.substring(0, eq)).trim();
      String value = eq < 0 ? null : line.substring(eq + 1).trim();
      String[] words = head.split("\\s+", 2);
      out.add(
          new DhcpOptionSpec(
              words[0], words.length > 1 ? words[1] : null, value, always ? Boolean.TRUE : null));
    }
    return out;
  }

  static String options(List<DhcpOptionSpec> specs) {
    if (specs == null) {
      return "";
    }
    return specs.stream()
        .map(
            s ->
                (s.sentAlways() ? ALWAYS : "")
                    + s.option()
                    + (s.type() == null ? "" : " " + s.type())
                    + " = "
                    + (s.value() == null ? "" : s.value()))
        .collect(Collectors.joining("\n"));
  }

  static List<VendorBootFile> vendorBootFiles(String text) {
    List<VendorBootFile> out = new ArrayList<>();
    for (String line : lines(text)) {
      int eq = line.indexOf('=');
      out.add(
          eq < 0
              ? new VendorBootFile(line, null)
              : new VendorBootFile(line.substring(0, eq).trim(), line.substring(eq + 1).trim()));
    }
    return out;
  }

  static String vendorBootFiles(List<VendorBootFile> entries) {
    return entries.stream()
        .map(v -> v.vendorClass() + " = " + v.bootFile())
        .collect(Collectors.joining("\n"));
  }

  private static List<String> lines(String text) {
    if (text == null) {
      return List.of();
    }
    return text.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }
}
