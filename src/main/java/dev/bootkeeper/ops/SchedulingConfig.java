package dev.bootkeeper.ops;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** CPU priorities of the appliance's own threads ({@code bootkeeper.scheduling.*}). */
@ConfigMapping(prefix = "bootkeeper.scheduling")
public interface SchedulingConfig {

  /**
   * The nice value (0-19) given at "ready" to the threads whose work can wait: the JIT compilers
   * and the boot event writer. 0 leaves them at the process's priority. See {@link
   * BackgroundPriority}.
   */
  @WithDefault("10")
  int backgroundNice();
}
