package dev.bootkeeper.ops;

import dev.bootkeeper.dhcp.DhcpControl;
import dev.bootkeeper.dhcp.DhcpMode;
import dev.bootkeeper.dhcp.DhcpServer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * The DHCP server's status in the mode in force ({@link DhcpControl}: stored settings over the
 * configuration), with the warning when another DHCP server answers on the network.
 */
@ApplicationScoped
public class DhcpProbe implements ServiceProbe {

  private final DhcpControl dhcp;

  public DhcpProbe(DhcpControl dhcp) {
    this.dhcp = dhcp;
  }

  @Override
  public ServiceStatus status() {
    DhcpServer s = dhcp.server();
    DhcpMode mode = dhcp.mode();
    OptionalInt bound = s.running() ? OptionalInt.of(s.port()) : OptionalInt.empty();
    int configured = dhcp.configuredPort();
    String detail;
    if (mode == DhcpMode.OFF) {
      detail = "off (" + dhcp.sourceName() + "): another DHCP server must send machines here";
    } else {
      String proxy = s.running() && s.proxyPort() > 0 ? " and " + s.proxyPort() : "";
      detail =
          mode.name().toLowerCase(Locale.ROOT)
              + " mode on UDP "
              + (bound.isPresent() ? bound.getAsInt() : configured)
              + proxy
              + "; "
              + s.stats().packets()
              + " packets, "
              + s.stats().repliesSent()
              + " replies since start";
    }
    List<String> foreign =
        s.foreignServerSeen()
            .map(
                id ->
                    List.of(
                        "another DHCP server ("
                            + id
                            + ") answers on this network: machines may get its addresses or boot"
                            + " information instead of Bootkeeper's"))
            .orElse(List.of());
    return ServiceStatus.listener(
        "DHCP", "UDP", mode != DhcpMode.OFF, bound, configured, detail, foreign);
  }
}
