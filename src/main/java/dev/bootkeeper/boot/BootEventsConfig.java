package dev.bootkeeper.boot;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How much of a flood of anonymous failures (not found, refused, bad request, busy, timeout over
 * TFTP, HTTP and NBD) is logged and stored ({@code bootkeeper.events.*}); see {@link
 * FailureThrottle}. What is held back is counted in {@code bootkeeper.events.suppressed} and summed
 * up in one event per client at the end of each window.
 */
@ConfigMapping(prefix = "bootkeeper.events")
public interface BootEventsConfig {

  /** The window the budgets below count in. */
  @WithDefault("60s")
  Duration failuresWindow();

  /** Failures of one client for one file (same reason) logged and stored per window. */
  @WithDefault("3")
  int failuresPerFile();

  /**
   * Failures of one client logged and stored per window: a pxelinux boot probes about ten config
   * names that do not exist, GRUB a few dozen.
   */
  @WithDefault("50")
  int failuresPerClient();

  /** Failures of all clients together logged and stored per window. */
  @WithDefault("2000")
  int failuresTotal();

  /**
   * The most the overflow file (in the data directory) holds of events the writer's queue had no
   * room for, about 150 bytes each: 256M holds some 1.7 million. Beyond it events are dropped
   * (counted in {@code bootkeeper_events_dropped_total}).
   */
  @WithDefault("256M")
  MemorySize overflowMax();

  default FailureThrottle.Limits failureLimits() {
    return new FailureThrottle.Limits(
        failuresWindow(), failuresPerFile(), failuresPerClient(), failuresTotal());
  }
}
