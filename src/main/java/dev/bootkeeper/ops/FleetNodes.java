package dev.bootkeeper.ops;

import dev.bootkeeper.background.DaemonLoop;
import dev.bootkeeper.boot.NodeName;
import dev.bootkeeper.boot.ServerIdentity;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The appliances on one database, as any of them can show them: each node writes every {@link
 * #BEAT} that it is up and the state of its four boot services (table {@code fleet_node}), and the
 * steps each node served come from the stored boot trace. One node alone is a fleet of one.
 */
@ApplicationScoped
public class FleetNodes {

  private static final Logger LOG = Logger.getLogger(FleetNodes.class);

  static final Duration BEAT = Duration.ofSeconds(5);

  /** A node not heard from for this long is shown as silent (stopped, or cut from the database). */
  static final Duration SILENT_AFTER = Duration.ofSeconds(30);

  public static final List<String> SERVICES = List.of("DHCP", "TFTP", "HTTP", "NBD");

  /**
   * One node over the last hour.
   *
   * @param services the state of DHCP, TFTP, HTTP and NBD, in that order: off, running, stopped, or
   *     unknown for a node that never wrote its row (it stored steps only)
   * @param seenAt when it last said it was up; null when it never did
   */
  public record Node(
      String name,
      String address,
      String httpBase,
      Instant seenAt,
      List<String> services,
      long steps,
      long failed,
      long machines,
      boolean self) {

    public boolean silentAt(Instant now) {
      return seenAt == null || seenAt.isBefore(now.minus(SILENT_AFTER));
    }
  }

  /** Every node, and the fleet's totals (a machine served by two nodes counts once). */
  public record Fleet(List<Node> nodes, long steps, long failed, long machines) {}

  private final DataSource db;
  private final NodeName node;
  private final ServerIdentity server;
  private final Instance<ServiceProbe> probes;
  private final Instant started = Instant.now();
  private final DaemonLoop loop =
      DaemonLoop.every("fleet-node-beat", Duration.ZERO, BEAT, this::beat);
  private boolean failing;

  public FleetNodes(
      DataSource db, NodeName node, ServerIdentity server, Instance<ServiceProbe> probes) {
    this.db = db;
    this.node = node;
    this.server = server;
    this.probes = probes;
  }

  void start(@Observes StartupEvent ev) {
    loop.start();
  }

  void stop(@Observes ShutdownEvent ev) {
    loop.stop(Duration.ZERO);
  }

  /** Writes this node's row: up now, with its services' states. */
  void beat() {
    List<String> states = states();
    try (Connection c = db.getConnection()) {
      int updated;
      try (PreparedStatement u =
          c.prepareStatement(
              "UPDATE fleet_node SET address = ?, http_base = ?, started_at = ?, seen_at = ?,"
                  + " dhcp = ?, tftp = ?, http = ?, nbd = ? WHERE node = ?")) {
        bind(u, states);
        updated = u.executeUpdate();
      }
      if (updated == 0) {
        try (PreparedStatement i =
            c.prepareStatement(
                "INSERT INTO fleet_node (address, http_base, started_at, seen_at, dhcp, tftp,"
                    + " http, nbd, node) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
          bind(i, states);
          i.executeUpdate();
        }
      }
      if (failing) {
        LOG.infof("this node's state is shared with the other nodes again");
        failing = false;
      }
    } catch (SQLException | RuntimeException e) {
      if (!failing) {
        LOG.warnf("cannot share this node's state with the other nodes: %s", e.getMessage());
        failing = true;
      }
    }
  }

  private void bind(PreparedStatement s, List<String> states) throws SQLException {
    s.setString(1, server.address().getHostAddress());
    s.setString(2, server.httpBase());
    s.setTimestamp(3, Timestamp.from(started));
    s.setTimestamp(4, Timestamp.from(Instant.now()));
    for (int i = 0; i < states.size(); i++) {
      s.setString(5 + i, states.get(i));
    }
    s.setString(9, node.get());
  }

  private List<String> states() {
    Map<String, String> byName = new TreeMap<>();
    for (ServiceProbe p : probes) {
      ServiceStatus s = p.status();
      byName.put(s.name(), !s.enabled() ? "off" : s.running() ? "running" : "stopped");
    }
    return SERVICES.stream().map(n -> byName.getOrDefault(n, "unknown")).toList();
  }

  /** The fleet as the database knows it now, with what each node served since {@code since}. */
  public Fleet since(Instant since) {
    Map<String, Node> nodes = new TreeMap<>();
    try (Connection c = db.getConnection()) {
      try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT node, address, http_base, seen_at, dhcp, tftp, http, nbd FROM"
                      + " fleet_node");
          ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          String name = rs.getString(1);
          nodes.put(
              name,
              new Node(
                  name,
                  rs.getString(2),
                  rs.getString(3),
                  rs.getTimestamp(4).toInstant(),
                  List.of(rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)),
                  0,
                  0,
                  0,
                  name.equals(node.get())));
        }
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT node, COUNT(*), SUM(CASE WHEN outcome = 'FAILED' THEN 1 ELSE 0 END),"
                  + " COUNT(DISTINCT mac) FROM boot_event WHERE occurred_at >= ? AND node IS NOT"
                  + " NULL GROUP BY node")) {
        s.setTimestamp(1, Timestamp.from(since));
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            String name = rs.getString(1);
            Node known = nodes.get(name);
            nodes.put(
                name,
                new Node(
                    name,
                    known == null ? "" : known.address(),
                    known == null ? "" : known.httpBase(),
                    known == null ? null : known.seenAt(),
                    known == null
                        ? List.of("unknown", "unknown", "unknown", "unknown")
                        : known.services(),
                    rs.getLong(2),
                    rs.getLong(3),
                    rs.getLong(4),
                    name.equals(node.get())));
          }
        }
      }
      long machines;
      try (PreparedStatement s =
          c.prepareStatement("SELECT COUNT(DISTINCT mac) FROM boot_event WHERE occurred_at >= ?")) {
        s.setTimestamp(1, Timestamp.from(since));
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          machines = rs.getLong(1);
        }
      }
      List<Node> list = new ArrayList<>(nodes.values());
      return new Fleet(
          list,
          list.stream().mapToLong(Node::steps).sum(),
          list.stream().mapToLong(Node::failed).sum(),
          machines);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot read the nodes on the database: " + e.getMessage(), e);
    }
  }
}
