package dev.bootkeeper.boot;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The first-stage boot loader each firmware gets over DHCP, as paths under the images directory.
 */
@ConfigMapping(prefix = "bootkeeper.dhcp.loader")
public interface LoaderConfig {

  /** For BIOS PXE ROMs. */
  @WithDefault("pxelinux.0")
  String bios();

  /** For BIOS PXE ROMs whose profile is an iPXE script: iPXE on the ROM's UNDI driver. */
  @WithDefault("undionly.kpxe")
  String biosIpxe();

  /**
   * For x86-64 UEFI. iPXE on the firmware's own network driver (SNP) works on the widest range of
   * hardware, and then fetches its per-machine script over HTTP, so every profile kind works.
   */
  @WithDefault("snponly.efi")
  String efiX64();

  /** For arm64 UEFI. */
  @WithDefault("arm64/snponly.efi")
  String efiArm64();
}
