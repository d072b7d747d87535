package dev.bootkeeper.ops;

import dev.bootkeeper.dhcp.DhcpMode;
import dev.bootkeeper.dhcp.DhcpServer;
import dev.bootkeeper.dhcp.DhcpStartup;
import dev.bootkeeper.nbd.NbdConfig;
import dev.bootkeeper.nbd.NbdStartup;
import dev.bootkeeper.tftp.TftpConfig;
import dev.bootkeeper.tftp.TftpStartup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only when every enabled protocol server is bound to its port: a load balancer or a service
 * manager must not send machines to an appliance that cannot answer them. HTTP needs no check: this
 * answer travels over it.
 */
@Readiness
@ApplicationScoped
public class ServicesReadiness implements HealthCheck {

  private final TftpStartup tftp;
  private final TftpConfig tftpConfig;
  private final NbdStartup nbd;
  private final NbdConfig nbdConfig;
  private final DhcpStartup dhcp;

  public ServicesReadiness(
      TftpStartup tftp,
      TftpConfig tftpConfig,
      NbdStartup nbd,
      NbdConfig nbdConfig,
      DhcpStartup dhcp) {
    this.tftp = tftp;
    this.tftpConfig = tftpConfig;
    this.nbd = nbd;
    this.nbdConfig = nbdConfig;
    this.dhcp = dhcp;
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder b = HealthCheckResponse.named("boot services").up();
    boolean up = true;
    if (tftpConfig.enabled()) {
      int port = tftp.server().map(s -> s.port()).orElse(-1);
      b.withData("tftp", port > 0 ? "bound to " + port : "not bound");
      up &= port > 0;
    } else {
      b.withData("tftp", "off");
    }
    if (nbdConfig.enabled()) {
      int port = nbd.server().map(s -> s.port()).orElse(-1);
      b.withData("nbd", port > 0 ? "bound to " + port : "not bound");
      up &= port > 0;
    } else {
      b.withData("nbd", "off");
    }
    DhcpServer server = dhcp.server();
    DhcpMode mode = server.settings().map(s -> s.mode()).orElse(DhcpMode.OFF);
    if (mode == DhcpMode.OFF) {
      b.withData("dhcp", "off");
    } else {
      b.withData(
          "dhcp", server.running() ? mode + ", bound to " + server.port() : mode + ", not bound");
      up &= server.running();
    }
    return b.status(up).build();
  }
}
