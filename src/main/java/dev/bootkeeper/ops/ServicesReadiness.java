package dev.bootkeeper.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Locale;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only when every enabled service is bound to its port: a load balancer or a service manager
 * must not send machines to an appliance that cannot answer them. Read from the same {@link
 * ServiceStatus} the dashboard shows, so the two never disagree.
 */
@Readiness
@ApplicationScoped
public class ServicesReadiness implements HealthCheck {

  private final Instance<ServiceProbe> probes;

  public ServicesReadiness(Instance<ServiceProbe> probes) {
    this.probes = probes;
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder b = HealthCheckResponse.named("boot services").up();
    boolean up = true;
    for (ServiceProbe probe : probes) {
      ServiceStatus s = probe.status();
      String key = s.name().toLowerCase(Locale.ROOT);
      if (!s.enabled()) {
        b.withData(key, "off");
      } else if (s.running()) {
        b.withData(key, "bound to " + s.port().getAsInt());
      } else {
        b.withData(key, "not bound");
        up = false;
      }
    }
    return b.status(up).build();
  }
}
