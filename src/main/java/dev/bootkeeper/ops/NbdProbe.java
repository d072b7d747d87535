package dev.bootkeeper.ops;

import dev.bootkeeper.nbd.NbdConfig;
import dev.bootkeeper.nbd.NbdServer;
import dev.bootkeeper.nbd.NbdStartup;
import dev.bootkeeper.nbd.NbdStats;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The NBD server's status. */
@ApplicationScoped
public class NbdProbe implements ServiceProbe {

  private final NbdConfig config;
  private final NbdStartup startup;

  public NbdProbe(NbdConfig config, NbdStartup startup) {
    this.config = config;
    this.startup = startup;
  }

  @Override
  public ServiceStatus status() {
    Optional<NbdServer> server = startup.server();
    String detail;
    if (server.isEmpty()) {
      detail = config.enabled() ? "not started" : "switched off (bootkeeper.nbd.enabled=false)";
    } else {
      NbdStats st = server.get().stats();
      detail =
          "read-only, export 'archiso' = "
              + config.archisoImage()
              + "; "
              + st.active()
              + " connected, "
              + st.sessions()
              + " sessions since start";
    }
    return ServiceStatus.listener(
        "NBD",
        "TCP",
        config.enabled(),
        server.map(s -> OptionalInt.of(s.port())).orElse(OptionalInt.empty()),
        config.port(),
        detail,
        List.of());
  }
}
