package dev.bootkeeper.boot;

import dev.bootkeeper.store.Profile;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** Turns a profile entity into its immutable spec, inside the caller's transaction. */
public final class ProfileSpecs {

  private ProfileSpecs() {}

  public static ProfileSpec from(Profile p) {
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
        Optional.ofNullable(p.uefiChain));
  }

  private static void putIfSet(Map<ConfigFormat, String> m, ConfigFormat f, String text) {
    if (text != null && !text.isBlank()) {
      m.put(f, text);
    }
  }
}
