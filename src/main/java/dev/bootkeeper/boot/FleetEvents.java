package dev.bootkeeper.boot;

import dev.bootkeeper.background.DaemonLoop;
import dev.bootkeeper.store.BootEventEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Parameters;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Brings the boot steps other appliances on the same database served into this node's live view:
 * while a live view listens ({@link BootEventRecorder#hasLiveViews()}), the steps stored by other
 * nodes since the last look are read once a second and relayed to it. Nothing is read while no one
 * watches. Steps are matched by their time with an overlap, and each is relayed once: a step stored
 * late (the other node's writer batches for a few milliseconds) or by a node whose clock is a few
 * seconds behind still shows; the nodes' clocks must agree within {@link #OVERLAP} (NTP).
 */
@ApplicationScoped
public class FleetEvents {

  private static final Logger LOG = Logger.getLogger(FleetEvents.class);

  static final Duration EVERY = Duration.ofSeconds(1);
  static final Duration OVERLAP = Duration.ofSeconds(5);
  static final int MAX_PER_LOOK = 1000;

  private final BootEventRecorder recorder;
  private final NodeName node;
  private final Map<Long, Instant> relayed = new HashMap<>();
  private final DaemonLoop loop = DaemonLoop.every("fleet-events", EVERY, EVERY, this::tick);
  private Instant mark;
  private boolean failing;

  public FleetEvents(BootEventRecorder recorder, NodeName node) {
    this.recorder = recorder;
    this.node = node;
  }

  void start(@Observes StartupEvent ev) {
    loop.start();
  }

  void stop(@Observes ShutdownEvent ev) {
    loop.stop(Duration.ZERO);
  }

  private void tick() {
    if (!recorder.hasLiveViews()) {
      mark = null;
      relayed.clear();
      return;
    }
    if (mark == null) {
      // The page showed what was stored before it opened; the stream adds what comes after.
      mark = Instant.now();
      return;
    }
    look();
  }

  /** Relays the other nodes' steps stored since the mark (minus the overlap), each once. */
  void look() {
    Instant from = mark.minus(OVERLAP);
    List<BootEventEntity> rows;
    try {
      rows =
          QuarkusTransaction.requiringNew()
              .call(
                  () ->
                      BootEventEntity.<BootEventEntity>find(
                              "at > :from and node is not null and node <> :me order by at, id",
                              Parameters.with("from", from.atOffset(ZoneOffset.UTC))
                                  .and("me", node.get()))
                          .page(0, MAX_PER_LOOK)
                          .list());
      failing = false;
    } catch (RuntimeException e) {
      if (!failing) {
        LOG.warnf("cannot read the other nodes' boot steps: %s", e.getMessage());
        failing = true;
      }
      return;
    }
    for (BootEventEntity row : rows) {
      Instant at = row.at.toInstant();
      if (relayed.putIfAbsent(row.id, at) == null) {
        recorder.relay(BootEventRows.toEvent(row));
      }
      if (at.isAfter(mark)) {
        mark = at;
      }
    }
    Instant forgetBefore = mark.minus(OVERLAP);
    relayed.values().removeIf(at -> at.isBefore(forgetBefore));
  }
}
