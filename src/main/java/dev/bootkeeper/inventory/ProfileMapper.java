package dev.bootkeeper.inventory;

import dev.bootkeeper.boot.ConfigFormat;
import dev.bootkeeper.boot.ConfigRenderException;
import dev.bootkeeper.boot.ConfigRenderer;
import dev.bootkeeper.boot.IpxeQuote;
import dev.bootkeeper.boot.ProfileSpec;
import dev.bootkeeper.boot.RenderContext;
import dev.bootkeeper.store.Profile;
import dev.bootkeeper.store.ProfileKind;
import dev.bootkeeper.store.Stage3Method;
import dev.bootkeeper.store.UefiChain;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Validates profile input and copies it between its outside form and the entity. */
final class ProfileMapper {

  private ProfileMapper() {}

  static ProfileData toData(Profile p) {
    Map<String, String> templates = new LinkedHashMap<>();
    if (p.templatePxelinux != null) {
      templates.put("pxelinux", p.templatePxelinux);
    }
    if (p.templateIpxe != null) {
      templates.put("ipxe", p.templateIpxe);
    }
    if (p.templateGrub != null) {
      templates.put("grub", p.templateGrub);
    }
    return new ProfileData(
        p.name,
        p.description,
        p.kind.name().toLowerCase(Locale.ROOT),
        p.kernel,
        List.copyOf(p.initrds),
        p.cmdline,
        p.ipxeScript,
        p.kind == ProfileKind.MENU
            ? new ProfileData.Menu(List.copyOf(p.menuEntries), p.menuDefault, p.menuTimeout)
            : null,
        p.stage3Method == null
            ? null
            : new ProfileData.Stage3(p.stage3Method.name().toLowerCase(Locale.ROOT), p.stage3Image),
        templates.isEmpty() ? null : templates,
        p.selector.isEmpty() ? null : new LinkedHashMap<>(p.selector),
        p.selectorPriority,
        p.uefiChain == null ? null : p.uefiChain.wireName(),
        p.createdAt,
        p.updatedAt);
  }

  /**
   * Checks every field, then copies it into the entity; nothing is copied if a field is bad. Custom
   * templates are test-rendered with {@code renderer} for a sample client.
   */
  static void apply(ProfileData in, Profile target, ConfigRenderer renderer) {
    if (in == null) {
      throw InventoryException.invalid("a JSON profile is required");
    }
    String name = Fields.name("name", in.name());
    ProfileKind kind = kind(in.kind());
    String description = Fields.line("description", Fields.blankToNull(in.description()), 1000);
    String kernel = Fields.fileRef("kernel", in.kernel());
    List<String> initrds = new ArrayList<>();
    if (in.initrds() != null) {
      if (in.initrds().size() > 32) {
        throw InventoryException.invalid("initrds: at most 32");
      }
      for (int i = 0; i < in.initrds().size(); i++) {
        String ref = Fields.fileRef("initrds[" + i + "]", in.initrds().get(i));
        if (ref == null) {
          throw InventoryException.invalid("initrds[" + i + "] is empty");
        }
        initrds.add(ref);
      }
    }
    String cmdline = Fields.blankToNull(Fields.line("cmdline", in.cmdline(), 4000));
    IpxeQuote.argumentsProblem(cmdline)
        .ifPresent(
            m -> {
              throw InventoryException.invalid("cmdline " + m);
            });
    String script = Fields.blankToNull(Fields.text("ipxeScript", in.ipxeScript(), 20000));
    switch (kind) {
      case LINUX -> require(kernel, "a linux profile needs a kernel");
      case CHAIN -> require(kernel, "a chain profile needs the loader to chain, in 'kernel'");
      case IPXE -> require(script, "an ipxe profile needs its script, in 'ipxeScript'");
      case LOCAL -> {}
      case MENU -> {}
    }
    // A menu boots its entries: what it would boot itself is left out. Its entries are read from
    // the store, so a draft or an import sees the profiles saved before it.
    MenuRules.Checked menu =
        kind == ProfileKind.MENU ? MenuRules.check(in.menu(), name, target.name) : null;
    if (menu != null) {
      kernel = null;
      initrds.clear();
      cmdline = null;
      script = null;
    }
    Stage3Method stage3Method = null;
    String stage3Image = null;
    if (menu == null && in.stage3() != null && in.stage3().method() != null) {
      stage3Method = stage3(in.stage3().method());
      stage3Image = Fields.fileRef("stage3.image", in.stage3().image());
      if (stage3Image == null && stage3Method != Stage3Method.NBD) {
        throw InventoryException.invalid("stage3.image is required for " + in.stage3().method());
      }
    }
    Map<ConfigFormat, String> templates = templates(in.templates(), renderer);
    Fields.labels("selector", in.selector());
    int priority = in.selectorPriority() == null ? 0 : in.selectorPriority();
    UefiChain uefiChain = Fields.uefiChain("uefiChain", in.uefiChain());
    boolean hasKernel = kind == ProfileKind.LINUX || kind == ProfileKind.CHAIN;
    testRender(
        renderer,
        menu != null,
        new ProfileSpec(
            name,
            description,
            kind,
            hasKernel ? kernel : null,
            kind == ProfileKind.LINUX ? initrds : List.of(),
            cmdline,
            script,
            Optional.ofNullable(stage3Method),
            stage3Image,
            templates,
            in.selector(),
            priority,
            Optional.ofNullable(uefiChain),
            Optional.ofNullable(menu).map(MenuRules.Checked::spec)));

    target.name = name;
    target.kind = kind;
    target.description = description;
    target.kernel = hasKernel ? kernel : null;
    target.initrds.clear();
    if (kind == ProfileKind.LINUX) {
      target.initrds.addAll(initrds);
    }
    target.cmdline = cmdline;
    target.ipxeScript = script;
    target.stage3Method = stage3Method;
    target.stage3Image = stage3Image;
    target.templatePxelinux = templates.get(ConfigFormat.PXELINUX);
    target.templateIpxe = templates.get(ConfigFormat.IPXE);
    target.templateGrub = templates.get(ConfigFormat.GRUB);
    target.selector.clear();
    if (in.selector() != null) {
      target.selector.putAll(in.selector());
    }
    target.selectorPriority = priority;
    target.uefiChain = uefiChain;
    target.menuEntries.clear();
    if (menu != null) {
      target.menuEntries.addAll(menu.entries());
    }
    target.menuDefault = menu == null ? null : menu.defaultEntry();
    target.menuTimeout = menu == null ? null : menu.timeout();
    // The selector and the initrds are collections: a change of only them leaves the row itself
    // clean, and then no update callback tells the cached boot decisions (StoreChanges).
    target.updatedAt = OffsetDateTime.now();
  }

  private static void require(String value, String message) {
    if (value == null) {
      throw InventoryException.invalid(message);
    }
  }

  static ProfileKind kind(String kind) {
    if (kind == null || kind.isBlank()) {
      throw InventoryException.invalid("kind is required: linux, chain, local, ipxe or menu");
    }
    try {
      return ProfileKind.valueOf(kind.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw InventoryException.invalid(
          "kind '"
              + Fields.line("kind", kind, 32)
              + "' is not one of linux, chain, local, ipxe, menu");
    }
  }

  private static Stage3Method stage3(String method) {
    try {
      return Stage3Method.valueOf(method.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw InventoryException.invalid(
          "stage3.method '"
              + Fields.line("stage3.method", method, 32)
              + "' is not one of http, nbd, nfs");
    }
  }

  /**
   * Renders each custom template for a sample client, so that a template that fails (an unknown
   * key: rendering is strict) or grows past the size limit is refused now and not at every boot. A
   * menu is rendered in every format: it holds its entries' values, and its size grows with them.
   */
  private static void testRender(ConfigRenderer renderer, boolean everyFormat, ProfileSpec spec) {
    for (ConfigFormat f : ConfigFormat.values()) {
      boolean custom = spec.templates().containsKey(f);
      if (!custom && !everyFormat) {
        continue;
      }
      try {
        renderer.render(spec, f, RenderContext.sample());
      } catch (ConfigRenderException e) {
        throw InventoryException.invalid(
            (custom ? "templates." + f.id() : "the " + f.id() + " menu")
                + " does not render for a sample client: "
                + e.getMessage());
      }
    }
  }

  private static Map<ConfigFormat, String> templates(
      Map<String, String> in, ConfigRenderer renderer) {
    Map<ConfigFormat, String> out = new LinkedHashMap<>();
    if (in == null) {
      return out;
    }
    in.forEach(
        (k, v) -> {
          ConfigFormat f =
              ConfigFormat.fromId(k)
                  .orElseThrow(
                      () ->
                          InventoryException.invalid(
                              "templates: '" + k + "' is not one of pxelinux, ipxe, grub"));
          String text = Fields.blankToNull(Fields.text("templates." + k, v, 20000));
          if (text != null) {
            try {
              renderer.validate(text);
            } catch (IllegalArgumentException e) {
              throw InventoryException.invalid(
                  "templates." + k + " does not parse: " + e.getMessage());
            }
            out.put(f, text);
          }
        });
    return out;
  }
}
