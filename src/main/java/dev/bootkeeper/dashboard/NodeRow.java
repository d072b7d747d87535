package dev.bootkeeper.dashboard;

import dev.bootkeeper.ops.FleetNodes;
import io.quarkus.qute.TemplateData;
import java.time.Instant;
import java.util.List;

/** One appliance as the overview's fleet table shows it. */
@TemplateData
public record NodeRow(
    String name,
    String address,
    String link,
    boolean self,
    boolean silent,
    String heard,
    List<Service> services,
    long steps,
    long failed,
    long machines) {

  /** A service's state on that node, with the pill class the page gives it. */
  @TemplateData
  public record Service(String name, String state, String css) {}

  static NodeRow of(FleetNodes.Node n, Instant now) {
    List<Service> services = new java.util.ArrayList<>();
    for (int i = 0; i < n.services().size(); i++) {
      String state = n.services().get(i);
      services.add(new Service(FleetNodes.SERVICES.get(i), state, css(state)));
    }
    return new NodeRow(
        n.name(),
        n.address(),
        n.httpBase().isEmpty() ? "" : n.httpBase() + "/",
        n.self(),
        n.silentAt(now),
        n.seenAt() == null ? "never" : Times.ago(n.seenAt(), now),
        services,
        n.steps(),
        n.failed(),
        n.machines());
  }

  private static String css(String state) {
    return switch (state) {
      case "running" -> "ok";
      case "stopped" -> "bad";
      default -> "muted";
    };
  }
}
