package dev.bootkeeper.dhcp;

import dev.bootkeeper.dashboard.ServiceStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/** The DHCP server as the dashboard shows it, with the warning when another server answers. */
@ApplicationScoped
public class DhcpStatus implements ServiceStatus {

  private final DhcpStartup startup;

  public DhcpStatus(DhcpStartup startup) {
    this.startup = startup;
  }

  DhcpMode mode() {
    return startup.server().settings().map(DhcpSettings::mode).orElse(startup.config().mode());
  }

  @Override
  public String name() {
    return "DHCP";
  }

  @Override
  public boolean enabled() {
    return mode() != DhcpMode.OFF;
  }

  @Override
  public boolean running() {
    return startup.server().running();
  }

  @Override
  public OptionalInt port() {
    DhcpServer s = startup.server();
    return OptionalInt.of(s.running() ? s.port() : startup.config().port());
  }

  @Override
  public String detail() {
    DhcpServer s = startup.server();
    String mode = mode().name().toLowerCase(Locale.ROOT);
    if (mode() == DhcpMode.OFF) {
      return "off (bootkeeper.dhcp.mode): another DHCP server must send machines here";
    }
    String ports = s.proxyPort() > 0 ? " and " + s.proxyPort() : "";
    return mode
        + " mode on UDP "
        + port().getAsInt()
        + ports
        + "; "
        + s.stats().packets()
        + " packets, "
        + s.stats().repliesSent()
        + " replies since start";
  }

  @Override
  public List<String> warnings() {
    List<String> w = new ArrayList<>();
    DhcpServer s = startup.server();
    if (enabled() && !s.running()) {
      w.add("DHCP is switched on but not listening on UDP port " + startup.config().port());
    }
    s.foreignServerSeen()
        .ifPresent(
            id ->
                w.add(
                    "another DHCP server ("
                        + id
                        + ") answers on this network: machines may get its addresses or boot"
                        + " information instead of Bootkeeper's"));
    return w;
  }
}
