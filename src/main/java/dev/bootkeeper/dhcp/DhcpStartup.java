package dev.bootkeeper.dhcp;

import dev.bootkeeper.boot.BootEventSink;
import dev.bootkeeper.boot.BootPolicy;
import dev.bootkeeper.boot.BootkeeperConfig;
import dev.bootkeeper.boot.ClientDirectory;
import dev.bootkeeper.boot.ServerIdentity;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * Starts the DHCP server at boot in the configured mode and stops it at shutdown. The lease store
 * is the application's {@link LeaseStore} bean when there is one, otherwise an in-memory store
 * (leases then do not survive a restart, which is logged).
 */
@ApplicationScoped
public class DhcpStartup {

  private static final Logger LOG = Logger.getLogger(DhcpStartup.class);

  private final DhcpServer server;
  private final DhcpConfig config;
  private final ServerIdentity identity;
  private final BootkeeperConfig appConfig;

  public DhcpStartup(
      DhcpConfig config,
      BootkeeperConfig appConfig,
      ServerIdentity identity,
      BootPolicy policy,
      Instance<LeaseStore> leaseStores,
      ClientDirectory directory,
      BootEventSink sink) {
    this.config = config;
    this.appConfig = appConfig;
    this.identity = identity;
    LeaseStore store;
    if (leaseStores.isResolvable()) {
      store = leaseStores.get();
    } else {
      store = new InMemoryLeaseStore();
      if (config.mode() == DhcpMode.FULL) {
        LOG.warn("no persistent lease store: DHCP leases are kept in memory only");
      }
    }
    this.server = new DhcpServer(policy, store, directory, sink, Clock.systemUTC());
  }

  void start(@Observes StartupEvent ev) {
    if (config.mode() == DhcpMode.OFF) {
      return;
    }
    server.apply(
        DhcpSettingsResolver.resolve(
            config, identity.address(), appConfig.serverAddress().isPresent()));
  }

  void stop(@Observes ShutdownEvent ev) {
    server.stop();
  }

  /** The running server: the API reads its state and calls {@link DhcpServer#apply}. */
  public DhcpServer server() {
    return server;
  }

  public DhcpConfig config() {
    return config;
  }
}
