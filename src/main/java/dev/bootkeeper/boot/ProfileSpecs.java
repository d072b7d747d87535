package dev.bootkeeper.boot;

import dev.bootkeeper.store.Profile;
import dev.bootkeeper.store.ProfileKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns a profile entity into its immutable spec, inside the caller's transaction. */
public final class ProfileSpecs {

  private ProfileSpecs() {}

  /** The spec; a menu's entries are read from the store and resolved to their own specs. */
  public static ProfileSpec from(Profile p) {
    Optional<MenuSpec> menu = Optional.empty();
    if (p.kind == ProfileKind.MENU) {
      List<ProfileSpec> entries = new ArrayList<>();
      for (String name : p.menuEntries) {
        // The inventory keeps entries existing and never a menu; a menu is not nested even if
        // the store says otherwise, so rendering cannot recurse.
        Profile.byName(name)
            .filter(e -> e.kind != ProfileKind.MENU)
            .ifPresent(e -> entries.add(plain(e, Optional.empty())));
      }
      menu =
          Optional.of(
              new MenuSpec(entries, p.menuDefault, p.menuTimeout == null ? 0 : p.menuTimeout));
    }
    return plain(p, menu);
  }

  private static ProfileSpec plain(Profile p, Optional<MenuSpec> menu) {
    Map<ConfigFormat, String> templates = new EnumMap<>(ConfigFormat.class);
    putIfSet(templates, ConfigFormat.PXELINUX, p.templatePxelinux);
    putIfSet(templates, ConfigFormat.IPXE, p.templateIpxe);
    putIfSet(templates, ConfigFormat.GRUB, p.templateGrub);
    return new ProfileSpec(
        p.name,
        p.description,
        p.kind,
        p.kernel,
        p.initrds,
        p.cmdline,
        p.ipxeScript,
        Optional.ofNullable(p.stage3Method),
        p.stage3Image,
        templates,
        p.selector,
        p.selectorPriority,
        Optional.ofNullable(p.uefiChain),
        menu);
  }

  private static void putIfSet(Map<ConfigFormat, String> m, ConfigFormat f, String text) {
    if (text != null && !text.isBlank()) {
      m.put(f, text);
    }
  }
}
