package dev.bootkeeper.ops;

import dev.bootkeeper.boot.ServerIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.OptionalInt;

/**
 * The HTTP side: it serves this answer, so it runs; the warning is about the address machines are
 * told to use.
 */
@ApplicationScoped
public class HttpProbe implements ServiceProbe {

  private final ServerIdentity server;

  public HttpProbe(ServerIdentity server) {
    this.server = server;
  }

  @Override
  public ServiceStatus status() {
    List<String> warnings =
        server.address().isLoopbackAddress()
            ? List.of(
                "The server address is "
                    + server.address().getHostAddress()
                    + ", which no other machine can reach: set bootkeeper.server-address.")
            : List.of();
    return ServiceStatus.listener(
        "HTTP",
        "TCP",
        true,
        OptionalInt.of(server.httpPort()),
        server.httpPort(),
        "dashboard, REST API and boot files at " + server.httpBase(),
        warnings);
  }
}
