package dev.bootkeeper.tftp;

import dev.bootkeeper.boot.BootEventSink;
import dev.bootkeeper.boot.BootFiles;
import dev.bootkeeper.boot.ClientDirectory;
import dev.bootkeeper.boot.WarmUpWindow;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;

/** Starts the TFTP server with the application when {@code bootkeeper.tftp.enabled} is true. */
@ApplicationScoped
public class TftpStartup {

  private final TftpConfig config;
  private final BootFiles files;
  private final BootEventSink events;
  private final ClientDirectory clients;
  private final Vertx vertx;
  private final WarmUpWindow warmUp;
  private TftpServer server;

  public TftpStartup(
      TftpConfig config,
      BootFiles files,
      BootEventSink events,
      ClientDirectory clients,
      Vertx vertx,
      WarmUpWindow warmUp) {
    this.config = config;
    this.files = files;
    this.events = events;
    this.clients = clients;
    this.vertx = vertx;
    this.warmUp = warmUp;
  }

  void start(@Observes StartupEvent event) {
    if (!config.enabled()) {
      return;
    }
    // The transfers run on the Netty event loops Quarkus already has (Vert.x's).
    server = new TftpServer(config, files, events, clients, warmUp, vertx.nettyEventLoopGroup());
    server.start();
  }

  void stop(@Observes ShutdownEvent event) {
    if (server != null) {
      server.close();
    }
  }

  /** The running server, for health checks and tests. */
  public Optional<TftpServer> server() {
    return Optional.ofNullable(server);
  }
}
