package dev.bootkeeper.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "bootkeeper.api")
public interface ApiConfig {

  /**
   * Bearer tokens accepted for changes (comma separated). When none is set and none was created
   * through the API, an admin token is generated at first start and printed once.
   */
  Optional<List<String>> tokens();

  /** Require a token for reads too. */
  @WithDefault("false")
  boolean authReads();
}
