package dev.bootkeeper.ops;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What the appliance does with its own memory ({@code bootkeeper.memory.*}). */
@ConfigMapping(prefix = "bootkeeper.memory")
public interface MemoryConfig {

  /**
   * Give unused heap back to the system once the appliance is idle after start-up or a storm (one
   * full collection; {@link IdleHeapTrim}). Off for a fixed heap ({@code -Xms} = {@code -Xmx}).
   */
  @WithDefault("true")
  boolean trimIdleHeap();
}
