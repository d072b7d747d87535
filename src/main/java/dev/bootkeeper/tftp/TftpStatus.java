package dev.bootkeeper.tftp;

import dev.bootkeeper.dashboard.ServiceStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** The TFTP server as the dashboard shows it. */
@ApplicationScoped
public class TftpStatus implements ServiceStatus {

  private final TftpConfig config;
  private final TftpStartup startup;

  public TftpStatus(TftpConfig config, TftpStartup startup) {
    this.config = config;
    this.startup = startup;
  }

  @Override
  public String name() {
    return "TFTP";
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
    return OptionalInt.of(startup.server().map(TftpServer::port).orElse(config.port()));
  }

  @Override
  public String detail() {
    return startup
        .server()
        .map(
            s ->
                s.stats().completed()
                    + " transfers completed, "
                    + s.stats().failed()
                    + " failed, "
                    + s.stats().notFound()
                    + " not found since start")
        .orElse(config.enabled() ? "not started" : "switched off (bootkeeper.tftp.enabled)");
  }

  @Override
  public List<String> warnings() {
    List<String> w = new ArrayList<>();
    if (config.enabled() && startup.server().isEmpty()) {
      w.add("TFTP is switched on but not listening on UDP port " + config.port());
    }
    return w;
  }
}
