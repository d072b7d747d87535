package dev.bootkeeper.dashboard;

import dev.bootkeeper.boot.ServerIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The HTTP side as the dashboard shows it: it serves this page, so it runs; the warning is about
 * the address machines are told to use.
 */
@ApplicationScoped
public class HttpStatus implements ServiceStatus {

  private final ServerIdentity server;

  public HttpStatus(ServerIdentity server) {
    this.server = server;
  }

  @Override
  public String name() {
    return "HTTP";
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public boolean running() {
    return true;
  }

  @Override
  public OptionalInt port() {
    return OptionalInt.of(server.httpPort());
  }

  @Override
  public String detail() {
    return "dashboard, REST API and boot files at " + server.httpBase();
  }

  @Override
  public List<String> warnings() {
    List<String> w = new ArrayList<>();
    if (server.address().isLoopbackAddress()) {
      w.add(
          "The server address is "
              + server.address().getHostAddress()
              + ", which no other machine can reach: set bootkeeper.server-address.");
    }
    return w;
  }
}
