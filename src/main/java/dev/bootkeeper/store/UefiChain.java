package dev.bootkeeper.store;

import java.util.Locale;
import java.util.Optional;

/** Which chain of loaders an x86-64 UEFI machine that PXE-boots is handed. */
public enum UefiChain {
  /**
   * iPXE (the configured UEFI loader, {@code snponly.efi} by default): every profile kind works.
   */
  IPXE,
  /**
   * Microsoft-signed shim, then Debian-signed GRUB, then the machine's GRUB config: boots with
   * Secure Boot enforced, but only signed kernels, and no iPXE script.
   */
  SECURE_BOOT;

  /**
   * The name used in the API, the inventory and configuration: {@code ipxe}, {@code secure-boot}.
   */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Empty for a name that is none of them. */
  public static Optional<UefiChain> fromWireName(String text) {
    for (UefiChain c : values()) {
      if (c.wireName().equals(text == null ? null : text.strip().toLowerCase(Locale.ROOT))) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
