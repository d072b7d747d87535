package dev.bootkeeper.boot;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How long boot events are kept ({@code bootkeeper.retention.*}). {@code max-age} is the
 * appliance's one retention age: the audit log is kept for it as well.
 */
@ConfigMapping(prefix = "bootkeeper.retention")
public interface BootEventRetentionConfig {

  /** Boot events older than this are deleted. */
  @WithDefault("90d")
  Duration maxAge();

  /** At most this many boot events are kept; the oldest beyond it are deleted. */
  @WithDefault("1000000")
  long maxBootEvents();

  /** How often the retention job runs (the first run is a minute after start). */
  @WithDefault("1h")
  Duration interval();
}
