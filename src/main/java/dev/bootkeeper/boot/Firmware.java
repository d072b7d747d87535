package dev.bootkeeper.boot;

/**
 * The client's firmware family, from DHCP option 93 (RFC 4578 / IANA processor architecture types)
 * and option 60. iPXE is not a firmware here: it is a separate flag on {@link BootRequest}, because
 * iPXE runs on top of any of these.
 */
public enum Firmware {
  BIOS,
  UEFI_IA32,
  UEFI_X64,
  UEFI_ARM64,
  /** UEFI HTTP Boot on x86-64 (arch 16, vendor class {@code HTTPClient}). */
  UEFI_HTTP_X64,
  /** UEFI HTTP Boot on arm64 (arch 19). */
  UEFI_HTTP_ARM64,
  UNKNOWN;

  /**
   * Maps an option 93 architecture code. Code 9 (EFI byte code) is what several x86-64 UEFI ROMs
   * send instead of 7, so it is treated as x86-64, as dnsmasq, pixiecore and smee do.
   */
  public static Firmware fromArchitecture(int arch) {
    return switch (arch) {
      case 0 -> BIOS;
      case 6 -> UEFI_IA32;
      case 7, 9 -> UEFI_X64;
      case 11 -> UEFI_ARM64;
      case 16 -> UEFI_HTTP_X64;
      case 19 -> UEFI_HTTP_ARM64;
      default -> UNKNOWN;
    };
  }

  public boolean isUefi() {
    return this != BIOS && this != UNKNOWN;
  }

  public boolean isHttpBoot() {
    return this == UEFI_HTTP_X64 || this == UEFI_HTTP_ARM64;
  }
}
