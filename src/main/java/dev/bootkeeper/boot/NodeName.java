package dev.bootkeeper.boot;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * This appliance's name among several on one database ({@code bootkeeper.node-name}, else the host
 * name): stamped on every boot step it serves and on what it shares with the others.
 */
@ApplicationScoped
public class NodeName {

  /** The column that holds it is this wide. */
  static final int MAX_LENGTH = 64;

  private final String name;

  @Inject
  public NodeName(BootkeeperConfig config) {
    this(config.nodeName());
  }

  NodeName(Optional<String> configured) {
    String n = configured.map(String::strip).filter(s -> !s.isEmpty()).orElseGet(NodeName::host);
    if (n.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "bootkeeper.node-name: at most " + MAX_LENGTH + " characters, got " + n.length());
    }
    this.name = n;
  }

  public static NodeName of(String name) {
    return new NodeName(Optional.of(name));
  }

  private static String host() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return cut(env.strip());
    }
    try {
      return cut(InetAddress.getLocalHost().getHostName());
    } catch (UnknownHostException e) {
      return "bootkeeper";
    }
  }

  private static String cut(String s) {
    return s.length() <= MAX_LENGTH ? s : s.substring(0, MAX_LENGTH);
  }

  public String get() {
    return name;
  }

  @Override
  public String toString() {
    return name;
  }
}
