package dev.bootkeeper.nbd;

import dev.bootkeeper.boot.BootEventSink;
import dev.bootkeeper.boot.ClientDirectory;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;

/** Starts the NBD server with the application when {@code bootkeeper.nbd.enabled} is true. */
@ApplicationScoped
public class NbdStartup {

  private final NbdConfig config;
  private final NbdExports exports;
  private final BootEventSink events;
  private final ClientDirectory clients;
  private NbdServer server;

  @Inject
  public NbdStartup(
      NbdConfig config, NbdExports exports, BootEventSink events, ClientDirectory clients) {
    this.config = config;
    this.exports = exports;
    this.events = events;
    this.clients = clients;
  }

  void start(@Observes StartupEvent event) {
    if (!config.enabled()) {
      return;
    }
    NbdServer s = new NbdServer(NbdSettings.from(config), exports, events, clients);
    s.start();
    server = s;
  }

  void stop(@Observes ShutdownEvent event) {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /** The running server (its port and counters), empty when NBD is disabled. */
  public Optional<NbdServer> server() {
    return Optional.ofNullable(server);
  }
}
