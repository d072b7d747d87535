package dev.bootkeeper.boot;

import java.util.Locale;

/**
 * Spells a profile's file reference (a path under the images directory, or a URL) the way each boot
 * loader needs it.
 */
final class BootPaths {

  private BootPaths() {}

  static boolean isUrl(String ref) {
    String lower = ref.toLowerCase(Locale.ROOT);
    return lower.startsWith("http://")
        || lower.startsWith("https://")
        || lower.startsWith("tftp://")
        || lower.startsWith("ftp://");
  }

  private static String relative(String path) {
    String p = path;
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    return p;
  }

  /**
   * pxelinux resolves relative names against the directory of its own boot file; {@code ::name}
   * sends {@code name} unmodified (syslinux doc/pxelinux.txt), so a path under the images root
   * works wherever the loader sits.
   */
  static String pxelinux(String ref) {
    return isUrl(ref) ? ref : "::" + relative(ref);
  }

  /**
   * iPXE fetches everything over HTTP from the appliance's {@code /images/} tree; the path is
   * percent-encoded ({@link IpxeQuote#urlPath}) so iPXE neither expands nor splits it.
   */
  static String ipxe(String ref, RenderContext ctx) {
    return isUrl(ref) ? ref : ctx.httpBase() + "/images/" + IpxeQuote.urlPath(relative(ref));
  }

  /**
   * GRUB netboot images ship {@code tftp} built in but not always {@code http}, so paths go over
   * TFTP; HTTP URLs become GRUB's {@code (http,host)/path} device syntax.
   */
  static String grub(String ref, RenderContext ctx) {
    if (!isUrl(ref)) {
      return "(tftp," + ctx.server() + ")/" + relative(ref);
    }
    int schemeEnd = ref.indexOf("://");
    String scheme = ref.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    String rest = ref.substring(schemeEnd + 3);
    int slash = rest.indexOf('/');
    String host = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "/" : rest.substring(slash);
    return "(" + scheme + "," + host + ")" + path;
  }

  static String basename(String ref) {
    String r = ref;
    int q = r.indexOf('?');
    if (q >= 0) {
      r = r.substring(0, q);
    }
    return r.substring(r.lastIndexOf('/') + 1);
  }
}
