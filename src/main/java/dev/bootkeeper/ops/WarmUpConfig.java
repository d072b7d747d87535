package dev.bootkeeper.ops;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The protocol warm-up before "ready" ({@code bootkeeper.warm-up.*}; {@link ProtocolWarmUp}). */
@ConfigMapping(prefix = "bootkeeper.warm-up")
public interface WarmUpConfig {

  /**
   * Warm the NBD, TFTP and HTTP servers up with loopback requests before saying ready, so that a
   * boot storm that starts with the appliance is served at full speed from its first request. Costs
   * about a second or two of start-up.
   */
  @WithDefault("true")
  boolean enabled();

  /** The longest each protocol's warm-up may take. */
  @WithDefault("2s")
  Duration maxPerProtocol();
}
