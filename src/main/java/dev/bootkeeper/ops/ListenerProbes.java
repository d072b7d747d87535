package dev.bootkeeper.ops;

import dev.bootkeeper.nbd.NbdConfig;
import dev.bootkeeper.nbd.NbdServer;
import dev.bootkeeper.nbd.NbdStartup;
import dev.bootkeeper.nbd.NbdStats;
import dev.bootkeeper.tftp.TftpConfig;
import dev.bootkeeper.tftp.TftpServer;
import dev.bootkeeper.tftp.TftpStartup;
import dev.bootkeeper.tftp.TftpStats;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.Optional;

/**
 * The probes of the two servers that run when switched on and listen on one port of their own: TFTP
 * (UDP) and NBD (TCP). Only their counters differ; {@link ServiceStatus#listener} gives both the
 * same shape.
 */
@ApplicationScoped
public class ListenerProbes {

  @Produces
  @ApplicationScoped
  ServiceProbe tftp(TftpConfig config, TftpStartup startup) {
    return () -> {
      Optional<TftpServer> server = startup.server();
      String detail =
          server
              .map(s -> counters(s.stats()))
              .orElse(config.enabled() ? "not started" : "switched off (bootkeeper.tftp.enabled)");
      return ServiceStatus.listener(
          "TFTP", "UDP", config.enabled(), server.map(TftpServer::port), config.port(), detail);
    };
  }

  @Produces
  @ApplicationScoped
  ServiceProbe nbd(NbdConfig config, NbdStartup startup) {
    return () -> {
      Optional<NbdServer> server = startup.server();
      String detail =
          server
              .map(
                  s ->
                      "read-only, export 'archiso' = "
                          + config.archisoImage()
                          + "; "
                          + counters(s.stats()))
              .orElse(
                  config.enabled() ? "not started" : "switched off (bootkeeper.nbd.enabled=false)");
      return ServiceStatus.listener(
          "NBD", "TCP", config.enabled(), server.map(NbdServer::port), config.port(), detail);
    };
  }

  private static String counters(TftpStats st) {
    return st.completed()
        + " transfers completed, "
        + st.failed()
        + " failed, "
        + st.notFound()
        + " not found since start";
  }

  private static String counters(NbdStats st) {
    return st.active() + " connected, " + st.sessions() + " sessions since start";
  }
}
