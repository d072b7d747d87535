package dev.bootkeeper.dashboard.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Dashboard sessions ({@code bootkeeper.session.*}). */
@ConfigMapping(prefix = "bootkeeper.session")
public interface SessionConfig {

  /** A login lasts this long; then the user logs in again. */
  @WithDefault("8h")
  Duration timeout();
}
