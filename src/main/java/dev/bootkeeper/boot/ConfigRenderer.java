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
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renders a profile as a pxelinux config, an iPXE script or a GRUB config, from Qute templates.
 * Pure (no store, no CDI), so the API preview, the dashboard and the bytes a client downloads all
 * come from this one place. Output is plain text: no HTML escaping. Values reach the templates
 * already written for their format ({@link GrubQuote}, {@link IpxeQuote}, {@link PxelinuxText}),
 * custom templates included, and a profile holding a value no format can carry is not rendered.
 */
public final class ConfigRenderer {

  /** The default cap on one rendered config: the largest built-in one is under 25 KiB. */
  public static final int DEFAULT_MAX_BYTES = 64 * 1024;

  private static final int MAX_CACHED_CUSTOM = 256;

  private final Engine engine = Engine.builder().addDefaults().removeStandaloneLines(true).build();
  private final Map<ConfigFormat, Template> builtIn = new EnumMap<>(ConfigFormat.class);
  private final Map<ConfigFormat, Template> builtInMenu = new EnumMap<>(ConfigFormat.class);
  private final Map<String, Template> custom = new ConcurrentHashMap<>();
  private final int maxBytes;

  public ConfigRenderer() {
    this(DEFAULT_MAX_BYTES);
  }

  /**
   * @param maxBytes the most bytes one rendered config may have; rendering stops past it
   */
  public ConfigRenderer(int maxBytes) {
    this.maxBytes = maxBytes;
    for (ConfigFormat f : ConfigFormat.values()) {
      builtIn.put(f, engine.parse(resource("/boot-templates/" + f.id() + ".txt")));
      builtInMenu.put(f, engine.parse(resource("/boot-templates/menu-" + f.id() + ".txt")));
    }
  }

  /**
   * The config, or a {@link ConfigRenderException} saying in one line why there is none: a custom
   * template that fails (strict rendering: an unknown key is an error), output over the size limit,
   * or a value no format can carry (stored before the rules of {@code inventory}).
   */
  public String render(ProfileSpec profile, ConfigFormat format, RenderContext ctx) {
    refuseUnsafe(profile);
    String customText = profile.templates().get(format);
    Map<ConfigFormat, Template> builtInOfKind =
        profile.kind() == ProfileKind.MENU ? builtInMenu : builtIn;
    Template template = customText == null ? builtInOfKind.get(format) : customTemplate(customText);
    CappedOutput out = new CappedOutput(maxBytes);
    try {
      template
          .instance()
          .data(model(profile, format, ctx))
          .consume(out)
          .toCompletableFuture()
          .join();
    } catch (CompletionException e) {
      throw failure(profile, format, e.getCause() == null ? e : e.getCause());
    } catch (RuntimeException e) {
      throw failure(profile, format, e);
    }
    return out.text();
  }

  private ConfigRenderException failure(ProfileSpec p, ConfigFormat f, Throwable e) {
    if (e instanceof ConfigRenderException c) {
      return c;
    }
    if (e instanceof CappedOutput.TooLarge) {
      return new ConfigRenderException(
          f.id() + " config of profile '" + p.name() + "' is larger than " + maxBytes + " bytes");
    }
    return new ConfigRenderException(
        f.id() + " template of profile '" + p.name() + "' fails: " + e.getMessage());
  }

  /** Checks that a custom template parses; the message says where it is wrong. */
  public void validate(String templateText) {
    try {
      engine.parse(templateText);
    } catch (TemplateException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static void refuseUnsafe(ProfileSpec p) {
    List<String> problems = problems(p);
    for (ProfileSpec entry : p.menu().map(MenuSpec::entries).orElse(List.of())) {
      problems(entry).forEach(m -> problems.add("entry '" + entry.name() + "': " + m));
    }
    if (p.kind() == ProfileKind.MENU
        && p.menu().map(MenuSpec::entries).orElse(List.of()).isEmpty()) {
      problems.add("the menu has no entries");
    }
    if (!problems.isEmpty()) {
      throw new ConfigRenderException(
          "profile '" + p.name() + "' is not rendered: " + String.join("; ", problems));
    }
  }

  private static List<String> problems(ProfileSpec p) {
    List<String> problems = new ArrayList<>();
    line(problems, "name", p.name());
    line(problems, "description", p.description());
    line(problems, "cmdline", p.cmdline());
    IpxeQuote.argumentsProblem(p.cmdline()).ifPresent(m -> problems.add("cmdline " + m));
    ConfigLines.problem(p.ipxeScript(), "\n\t").ifPresent(m -> problems.add("ipxeScript " + m));
    path(problems, "kernel", p.kernel());
    for (String initrd : p.initrds()) {
      path(problems, "initrd", initrd);
    }
    path(problems, "stage3 image", p.stage3Image());
    return problems;
  }

  private static void line(List<String> problems, String field, String value) {
    ConfigLines.problem(value, "").ifPresent(m -> problems.add(field + " " + m));
  }

  private static void path(List<String> problems, String field, String value) {
    PxelinuxText.pathProblem(value).ifPresent(m -> problems.add(field + " " + m));
    IpxeQuote.argumentsProblem(value).ifPresent(m -> problems.add(field + " " + m));
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
    String label =
        p.description() == null || p.description().isBlank() ? p.name() : p.description();
    m.put("label", format == ConfigFormat.GRUB ? GrubQuote.quoted(label) : label);
    m.put("mac", ctx.mac().map(MacAddress::colon).orElse(""));
    m.put("server", ctx.server());
    m.put("http", ctx.httpBase());
    m.put("isLinux", p.kind() == ProfileKind.LINUX);
    m.put("isLocal", p.kind() == ProfileKind.LOCAL);
    m.put("isChain", p.kind() == ProfileKind.CHAIN);
    m.put("isIpxe", p.kind() == ProfileKind.IPXE);
    m.put("isMenu", p.kind() == ProfileKind.MENU);
    m.put("title", title(p, format));
    String cmdline = Tokens.expand(p.cmdline() == null ? "" : p.cmdline().trim(), p, ctx);
    m.put("cmdline", format == ConfigFormat.GRUB ? GrubQuote.arguments(cmdline) : cmdline);
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
        m.put("kernel", kernel.isEmpty() ? "" : GrubQuote.word(BootPaths.grub(kernel, ctx)));
        p.initrds().forEach(i -> initrds.add(GrubQuote.word(BootPaths.grub(i, ctx))));
        m.put("ipxeLoader", GrubQuote.word(BootPaths.grub(ctx.ipxeEfiLoader(), ctx)));
      }
    }
    m.put("initrds", initrds);
    m.put("hasInitrds", !initrds.isEmpty());
    m.put("initrdsComma", String.join(",", initrds));
    p.menu().ifPresent(menu -> menuModel(m, menu, format, ctx));
    return m;
  }

  /**
   * A menu's own keys: each entry as the model of its own profile (so an entry renders as that
   * profile would alone), plus its id (the profile name: letters, digits, {@code . _ -} only),
   * title and whether it is the default; and the timeout in each loader's unit.
   */
  private static void menuModel(
      Map<String, Object> m, MenuSpec menu, ConfigFormat format, RenderContext ctx) {
    List<Map<String, Object>> entries = new ArrayList<>();
    int defaultIndex = menu.defaultIndex();
    for (int i = 0; i < menu.entries().size(); i++) {
      ProfileSpec e = menu.entries().get(i);
      Map<String, Object> em = model(e, format, ctx);
      em.put("id", e.name());
      em.put("index", i);
      em.put("isDefault", i == defaultIndex);
      entries.add(em);
    }
    m.put("entries", entries);
    m.put("defaultId", menu.entries().isEmpty() ? "" : menu.entries().get(defaultIndex).name());
    m.put("defaultIndex", defaultIndex);
    int seconds = menu.timeoutSeconds();
    m.put("timeoutSeconds", seconds);
    // 0 waits for a choice: pxelinux's TIMEOUT 0 and a choose without --timeout wait for ever,
    // GRUB waits at timeout=-1 (GRUB manual, "timeout"; syslinux doc/syslinux.txt).
    m.put("timeoutTenths", seconds * 10);
    m.put("timeoutMs", seconds * 1000);
    m.put("grubTimeout", seconds == 0 ? -1 : seconds);
  }

  /** What a person sees for the profile, written for the format: no format can inject with it. */
  private static String title(ProfileSpec p, ConfigFormat format) {
    return switch (format) {
      // pxelinux takes the rest of the line; line breaks are refused before rendering.
      case PXELINUX -> p.title();
      case IPXE -> {
        String t = IpxeQuote.text(p.title());
        yield t.isEmpty() ? p.name() : t;
      }
      case GRUB -> GrubQuote.quoted(p.title());
    };
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
