package dev.bootkeeper.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What one service (DHCP, TFTP, HTTP, NBD) says about itself: the dashboard's overview lists these,
 * its warnings appear at the top of every page, and readiness is UP only while every enabled one
 * runs.
 *
 * @param name short name such as {@code DHCP}
 * @param enabled switched on (in the configuration or the stored settings)
 * @param running serving now
 * @param port the bound port when running, else the configured one
 * @param detail one line for people: the mode, the address, the counters
 * @param warnings problems a person should act on; empty when all is well
 */
public record ServiceStatus(
    String name,
    boolean enabled,
    boolean running,
    OptionalInt port,
    String detail,
    List<String> warnings) {

  public ServiceStatus {
    warnings = List.copyOf(warnings);
  }

  /**
   * A service that listens on one port, with the warning every such service gives when it is
   * switched on but not listening.
   *
   * @param transport {@code UDP} or {@code TCP}, for the warning
   * @param boundPort the port it listens on; empty when it does not
   * @param configuredPort the port it was asked to listen on
   */
  static ServiceStatus listener(
      String name,
      String transport,
      boolean enabled,
      Optional<Integer> boundPort,
      int configuredPort,
      String detail) {
    return listener(
        name,
        transport,
        enabled,
        boundPort.map(OptionalInt::of).orElse(OptionalInt.empty()),
        configuredPort,
        detail,
        List.of());
  }

  /** As above, with warnings of the service's own after the common one. */
  static ServiceStatus listener(
      String name,
      String transport,
      boolean enabled,
      OptionalInt boundPort,
      int configuredPort,
      String detail,
      List<String> moreWarnings) {
    List<String> warnings = new ArrayList<>();
    if (enabled && boundPort.isEmpty()) {
      warnings.add(
          name + " is switched on but not listening on " + transport + " port " + configuredPort);
    }
    warnings.addAll(moreWarnings);
    return new ServiceStatus(
        name,
        enabled,
        boundPort.isPresent(),
        boundPort.isPresent() ? boundPort : OptionalInt.of(configuredPort),
        detail,
        warnings);
  }
}
