package dev.bootkeeper.boot;

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

  default FailureThrottle.Limits failureLimits() {
    return new FailureThrottle.Limits(
        failuresWindow(), failuresPerFile(), failuresPerClient(), failuresTotal());
  }
}
