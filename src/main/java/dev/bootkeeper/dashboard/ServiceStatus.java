package dev.bootkeeper.dashboard;

import java.util.List;
import java.util.OptionalInt;

/**
 * What a protocol server tells the dashboard about itself. Each server (DHCP, TFTP, HTTP, NBD)
 * provides one CDI bean implementing this; the overview lists them all, and their warnings (a port
 * that could not be bound, another DHCP server seen on the network …) appear at the top of it.
 */
public interface ServiceStatus {

  /**
   * Short name, such as {@code DHCP} or {@code TFTP}: also the key that matches config fallbacks.
   */
  String name();

  /** Switched on in the configuration. */
  boolean enabled();

  /** Serving now. */
  boolean running();

  /** The port it listens on (the bound one when it asked for port 0), when it has one. */
  OptionalInt port();

  /** One line for people: the mode, the address, the counters. */
  String detail();

  /** Problems a person should act on; empty when all is well. */
  List<String> warnings();
}
