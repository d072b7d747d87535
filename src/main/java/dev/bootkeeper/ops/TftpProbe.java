package dev.bootkeeper.ops;

import dev.bootkeeper.tftp.TftpConfig;
import dev.bootkeeper.tftp.TftpServer;
import dev.bootkeeper.tftp.TftpStartup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The TFTP server's status. */
@ApplicationScoped
public class TftpProbe implements ServiceProbe {

  private final TftpConfig config;
  private final TftpStartup startup;

  public TftpProbe(TftpConfig config, TftpStartup startup) {
    this.config = config;
    this.startup = startup;
  }

  @Override
  public ServiceStatus status() {
    Optional<TftpServer> server = startup.server();
    String detail =
        server
            .map(
                s ->
                    s.stats().completed()
                        + " transfers completed, "
                        + s.stats().failed()
                        + " failed, "
                        + s.stats().notFound()
                        + " not found since start")
            .orElse(config.enabled() ? "not started" : "switched off (bootkeeper.tftp.enabled)");
    return ServiceStatus.listener(
        "TFTP",
        "UDP",
        config.enabled(),
        server.map(s -> OptionalInt.of(s.port())).orElse(OptionalInt.empty()),
        config.port(),
        detail,
        List.of());
  }
}
