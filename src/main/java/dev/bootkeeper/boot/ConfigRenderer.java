package dev.bootkeeper.boot;

import dev.bootkeeper.store.ProfileKind;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renders a profile as a pxelinux config, an iPXE script or a GRUB config, from Qute templates.
 * Pure (no store, no CDI), so the API preview, the dashboard and the bytes a client downloads all
 * come from this one place. Output is plain text: no HTML escaping.
 */
public final class ConfigRenderer {

  private static final int MAX_CACHED_CUSTOM = 256;

  private final Engine engine = Engine.builder().addDefaults().removeStandaloneLines(true).build();
  private final Map<ConfigFormat, Template> builtIn = new EnumMap<>(ConfigFormat.class);
  private final Map<String, Template> custom = new ConcurrentHashMap<>();

  public ConfigRenderer() {
    for (ConfigFormat f : ConfigFormat.values()) {
      builtIn.put(f, engine.parse(resource("/boot-templates/" + f.id() + ".txt")));
    }
  }

  public String render(ProfileSpec profile, ConfigFormat format, RenderContext ctx) {
    String customText = profile.templates().get(format);
    Template template = customText == null ? builtIn.get(format) : customTemplate(customText);
    return template.render(model(profile, format, ctx));
  }

  /** Checks that a custom template parses; the message says where it is wrong. */
  public void validate(String templateText) {
    try {
      engine.parse(templateText);
    } catch (TemplateException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private Template customTemplate(String text) {
    if (custom.size() > MAX_CACHED_CUSTOM) {
      custom.clear();
    }
    return custom.computeIfAbsent(text, engine::parse);
  }

  private static Map<String, Object> model(ProfileSpec p, ConfigFormat format, RenderContext ctx) {
    Map<String, Object> m = new HashMap<>();
    m.put("profile", p.name());
    m.put(
        "label", p.description() == null || p.description().isBlank() ? p.name() : p.description());
    m.put("mac", ctx.mac().map(MacAddress::colon).orElse(""));
    m.put("server", ctx.server());
    m.put("http", ctx.httpBase());
    m.put("isLinux", p.kind() == ProfileKind.LINUX);
    m.put("isLocal", p.kind() == ProfileKind.LOCAL);
    m.put("isChain", p.kind() == ProfileKind.CHAIN);
    m.put("isIpxe", p.kind() == ProfileKind.IPXE);
    String cmdline = Tokens.expand(p.cmdline() == null ? "" : p.cmdline().trim(), p, ctx);
    m.put("cmdline", cmdline);
    m.put("stage3", Tokens.stage3(p, ctx));
    m.put("ipxeScript", Tokens.expand(stripShebang(p.ipxeScript()), p, ctx));
    String kernel = p.kernel() == null ? "" : p.kernel();
    List<String> initrds = new ArrayList<>();
    switch (format) {
      case PXELINUX -> {
        m.put("kernel", kernel.isEmpty() ? "" : BootPaths.pxelinux(kernel));
        p.initrds().forEach(i -> initrds.add(BootPaths.pxelinux(i)));
        m.put("ipxeLoader", BootPaths.pxelinux(ctx.ipxeBiosLoader()));
      }
      case IPXE -> {
        m.put("kernel", kernel.isEmpty() ? "" : BootPaths.ipxe(kernel, ctx));
        p.initrds().forEach(i -> initrds.add(BootPaths.ipxe(i, ctx)));
        // iPXE on UEFI hands initrds to the kernel's EFI stub as files that the command line must
        // name; BIOS iPXE ignores the extra arguments.
        StringBuilder args = new StringBuilder();
        p.initrds().forEach(i -> args.append("initrd=").append(BootPaths.basename(i)).append(' '));
        m.put("ipxeCmdline", (args + cmdline).trim());
      }
      case GRUB -> {
        m.put("kernel", kernel.isEmpty() ? "" : BootPaths.grub(kernel, ctx));
        p.initrds().forEach(i -> initrds.add(BootPaths.grub(i, ctx)));
        m.put("ipxeLoader", BootPaths.grub(ctx.ipxeEfiLoader(), ctx));
      }
    }
    m.put("initrds", initrds);
    m.put("hasInitrds", !initrds.isEmpty());
    m.put("initrdsComma", String.join(",", initrds));
    return m;
  }

  private static String stripShebang(String script) {
    if (script == null) {
      return "";
    }
    String s = script.strip();
    return s.startsWith("#!ipxe") ? s.substring("#!ipxe".length()).strip() : s;
  }

  private static String resource(String path) {
    try (InputStream in = ConfigRenderer.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing built-in template " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
