package dev.bootkeeper.dashboard;

import dev.bootkeeper.ops.ServiceProbe;
import dev.bootkeeper.ops.ServiceStatus;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every service's {@link ServiceStatus}, the four boot services first. One that provides no bean is
 * listed as not reporting.
 */
@ApplicationScoped
public class Services {

  private static final List<String> ORDER = List.of("DHCP", "TFTP", "HTTP", "NBD");

  /** One row of the services table. */
  @TemplateData
  public record Row(
      String name,
      String state,
      String stateClass,
      String port,
      String detail,
      List<String> warnings) {}

  private final Instance<ServiceProbe> probes;

  public Services(Instance<ServiceProbe> probes) {
    this.probes = probes;
  }

  public List<Row> rows() {
    Map<String, ServiceStatus> byName =
        probes.stream()
            .map(ServiceProbe::status)
            .collect(
                Collectors.toMap(
                    ServiceStatus::name, Function.identity(), (a, b) -> a, java.util.TreeMap::new));
    List<Row> rows = new ArrayList<>();
    for (String name : ORDER) {
      ServiceStatus s = byName.remove(name);
      rows.add(s != null ? row(s) : fromConfig(name));
    }
    byName.values().stream()
        .sorted(Comparator.comparing(ServiceStatus::name))
        .forEach(s -> rows.add(row(s)));
    return rows;
  }

  public List<String> warnings() {
    List<String> w = new ArrayList<>();
    for (Row r : rows()) {
      r.warnings().forEach(x -> w.add(r.name() + ": " + x));
    }
    return w;
  }

  private static Row row(ServiceStatus s) {
    String state;
    String css;
    if (!s.enabled()) {
      state = "off";
      css = "muted";
    } else if (s.running()) {
      state = "running";
      css = "ok";
    } else {
      state = "stopped";
      css = "bad";
    }
    return new Row(
        s.name(),
        state,
        css,
        s.enabled() ? port(s.port()) : "—",
        s.detail(),
        List.copyOf(s.warnings()));
  }

  /** A server this build does not have (or that provides no status bean). */
  private static Row fromConfig(String name) {
    return new Row(name, "not reported", "muted", "—", "no status from this server", List.of());
  }

  private static String port(OptionalInt port) {
    return port.isPresent() ? String.valueOf(port.getAsInt()) : "—";
  }
}
