package dev.bootkeeper.inventory;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How long records of the past are kept ({@code bootkeeper.retention.*}): audit entries here; the
 * boot trace follows the same age limit.
 */
@ConfigMapping(prefix = "bootkeeper.retention")
public interface RetentionConfig {

  /** Entries older than this are deleted (Quarkus duration: 90d, 12h, PT2160H). */
  @WithDefault("90d")
  Duration maxAge();

  /** Beyond this many audit entries, the oldest are deleted. */
  @WithDefault("1000000")
  long maxAuditEntries();
}
