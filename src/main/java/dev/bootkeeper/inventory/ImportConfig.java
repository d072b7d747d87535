package dev.bootkeeper.inventory;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** ISO imports through the API ({@code bootkeeper.import.*}). */
@ConfigMapping(prefix = "bootkeeper.import")
public interface ImportConfig {

  /**
   * The folders on the appliance an import by path may read from (comma-separated). Unset, import
   * by path is off: the appliance runs as root, and an API token must not be a way to copy any file
   * of the machine, such as {@code /etc/shadow}, into a served image.
   */
  Optional<List<String>> directories();

  /**
   * The largest ISO an upload may send. Quarkus' own request limit ({@code
   * quarkus.http.limits.max-body-size}) caps it too: raise both to upload ISOs.
   */
  @WithDefault("16G")
  MemorySize maxSize();
}
