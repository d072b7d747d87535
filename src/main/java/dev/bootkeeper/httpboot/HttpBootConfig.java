package dev.bootkeeper.httpboot;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The machine-facing HTTP side: {@code /images/…}, {@code /boot/<mac>.ipxe}, {@code /boot.ipxe}.
 */
@ConfigMapping(prefix = "bootkeeper.http")
public interface HttpBootConfig {

  /** Serve boot files on the HTTP port. The REST API and the dashboard are not affected. */
  @WithDefault("true")
  boolean enabled();

  /**
   * Write missing or stale root-filesystem checksum files ({@code airootfs.sha512} next to {@code
   * airootfs.sfs}, {@code sysrcd.md5} next to {@code sysrcd.dat}) in the background at startup.
   */
  @WithDefault("true")
  boolean stage3Checksums();
}
