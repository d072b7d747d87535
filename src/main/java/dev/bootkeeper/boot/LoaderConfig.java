package dev.bootkeeper.boot;

import dev.bootkeeper.store.UefiChain;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

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

  /**
   * For x86-64 UEFI machines on the Secure Boot chain: Microsoft-signed shim, which loads the
   * Debian-signed network GRUB served beside it as {@code grubx64.efi}.
   */
  @WithDefault("shimx64.efi")
  String efiX64SecureBoot();

  /**
   * The chain x86-64 UEFI machines get when neither their host record, their labels nor their
   * profile chooses: {@code ipxe} or {@code secure-boot}.
   */
  @WithDefault("ipxe")
  UefiChain uefiChain();

  /**
   * Hosts with any of these labels ({@code key} or {@code key=value}) get the Secure Boot chain
   * unless their host record chooses otherwise.
   */
  Optional<List<String>> secureBootLabels();

  /** For arm64 UEFI. */
  @WithDefault("arm64/snponly.efi")
  String efiArm64();
}
