package dev.bootkeeper.dashboard;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Image uploads through the dashboard ({@code bootkeeper.upload.*}). */
@ConfigMapping(prefix = "bootkeeper.upload")
public interface UploadConfig {

  /**
   * The largest file accepted. Quarkus' own request limit ({@code
   * quarkus.http.limits.max-body-size}, 64M in application.properties) caps it too: raise both to
   * upload ISOs.
   */
  @WithDefault("8G")
  MemorySize maxSize();
}
