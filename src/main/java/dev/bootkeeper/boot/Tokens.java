package dev.bootkeeper.boot;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Substitutes Bootkeeper's own placeholders in command lines and scripts. iPXE and GRUB expand
 * {@code ${…}} themselves, so pxelinux's {@code ${pxeserver}} would reach the kernel empty through
 * them: Bootkeeper writes the literal address instead, in every format. Its other placeholders are
 * prefixed {@code bootkeeper_} so they never collide with an iPXE or GRUB variable, which pass
 * through untouched.
 */
public final class Tokens {

  public static final String PXESERVER = "${pxeserver}";
  public static final String SERVER = "${bootkeeper_server}";
  public static final String HTTP = "${bootkeeper_http}";
  public static final String STAGE3 = "${bootkeeper_stage3}";
  public static final String MAC = "${bootkeeper_mac}";

  private Tokens() {}

  public static String expand(String text, ProfileSpec profile, RenderContext ctx) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    Map<String, String> values = new LinkedHashMap<>();
    values.put(PXESERVER, ctx.server());
    values.put(SERVER, ctx.server());
    values.put(HTTP, ctx.httpBase());
    values.put(STAGE3, stage3(profile, ctx));
    values.put(MAC, ctx.mac().map(MacAddress::colon).orElse(""));
    String out = text;
    for (Map.Entry<String, String> e : values.entrySet()) {
      out = out.replace(e.getKey(), e.getValue());
    }
    return out;
  }

  /**
   * Where the live system finds its root filesystem: for HTTP the image folder's URL with the
   * trailing slash archiso needs; for NBD the server address (the export name is archiso's default,
   * {@code archiso}); for NFS {@code server:/path} of the image folder.
   */
  static String stage3(ProfileSpec profile, RenderContext ctx) {
    if (profile.stage3Method().isEmpty()) {
      return "";
    }
    String image = profile.stage3Image() == null ? "" : profile.stage3Image().replaceAll("^/+", "");
    return switch (profile.stage3Method().get()) {
      case HTTP -> ctx.httpBase() + "/images/" + (image.isEmpty() ? "" : trailingSlash(image));
      case NBD -> ctx.server();
      case NFS -> ctx.server() + ":" + trailingSlash(ctx.nfsRoot()) + image;
    };
  }

  private static String trailingSlash(String s) {
    return s.endsWith("/") ? s : s + "/";
  }
}
