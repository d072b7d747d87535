package dev.bootkeeper.nbd;

import dev.bootkeeper.dashboard.ServiceStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The NBD server as the dashboard shows it. */
@ApplicationScoped
public class NbdStatus implements ServiceStatus {

  private final NbdConfig config;
  private final NbdStartup startup;

  public NbdStatus(NbdConfig config, NbdStartup startup) {
    this.config = config;
    this.startup = startup;
  }

  @Override
  public String name() {
    return "NBD";
  }

  @Override
  public boolean enabled() {
    return config.enabled();
  }

  @Override
  public boolean running() {
    return startup.server().isPresent();
  }

  @Override
  public OptionalInt port() {
    Optional<NbdServer> s = startup.server();
    return OptionalInt.of(s.map(NbdServer::port).orElse(config.port()));
  }

  @Override
  public String detail() {
    Optional<NbdServer> s = startup.server();
    if (s.isEmpty()) {
      return config.enabled() ? "not started" : "switched off (bootkeeper.nbd.enabled=false)";
    }
    NbdStats st = s.get().stats();
    return "read-only, export 'archiso' = "
        + config.archisoImage()
        + "; "
        + st.active()
        + " connected, "
        + st.sessions()
        + " sessions since start";
  }

  @Override
  public List<String> warnings() {
    List<String> w = new ArrayList<>();
    if (config.enabled() && startup.server().isEmpty()) {
      w.add("NBD is switched on but not listening on TCP port " + config.port());
    }
    return w;
  }
}
