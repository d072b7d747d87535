package dev.bootkeeper.boot;

import java.util.Locale;
import java.util.Optional;

/** The boot-config languages Bootkeeper renders. */
public enum ConfigFormat {
  PXELINUX,
  IPXE,
  GRUB;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<ConfigFormat> fromId(String id) {
    for (ConfigFormat f : values()) {
      if (f.id().equalsIgnoreCase(id)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
