package dev.bootkeeper.wol;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Wake-on-LAN ({@code bootkeeper.wol.*}). */
@ConfigMapping(prefix = "bootkeeper.wol")
public interface WolConfig {

  /** Where magic packets are sent: the limited broadcast reaches the server's own segments. */
  @WithDefault("255.255.255.255")
  String broadcast();

  /** UDP port; 9 (discard) is what most tools use, 7 the other common one. */
  @WithDefault("9")
  int port();

  /**
   * Also send to the /24 broadcast of the host's reserved IP, for machines on a routed segment
   * whose router forwards directed broadcasts.
   */
  @WithDefault("true")
  boolean subnetBroadcast();
}
