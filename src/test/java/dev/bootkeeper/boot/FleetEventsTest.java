package dev.bootkeeper.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.store.BootEventEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The live view shows the steps other appliances on the database stored, each once, with the node
 * that served it; this node's own stored steps are not shown twice.
 */
@QuarkusTest
class FleetEventsTest {

  @Inject BootEventRecorder recorder;
  @Inject NodeName node;

  @Test
  void stepsAnotherNodeStoredReachTheLiveViewOnceWithTheirNode() throws Exception {
    List<BootEvent> seen = new CopyOnWriteArrayList<>();
    Consumer<BootEvent> listener = seen::add;
    recorder.addLiveView(listener);
    try {
      // The relay starts looking a second after a live view opens.
      Thread.sleep(FleetEvents.EVERY.toMillis() * 2);
      store("52:54:00:0f:00:01", "boot-b");
      store("52:54:00:0f:00:02", node.get());
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (System.nanoTime() < deadline
          && seen.stream().noneMatch(e -> "52:54:00:0f:00:01".equals(e.mac()))) {
        Thread.sleep(100);
      }
      // A few more looks: the overlap must not relay the step again.
      Thread.sleep(FleetEvents.EVERY.toMillis() * 3);
      List<BootEvent> fromB =
          seen.stream().filter(e -> "52:54:00:0f:00:01".equals(e.mac())).toList();
      assertEquals(1, fromB.size(), "relayed once: " + seen);
      assertEquals("boot-b", fromB.get(0).node());
      assertEquals(BootStep.DHCP_DISCOVER, fromB.get(0).step());
      assertTrue(
          seen.stream().noneMatch(e -> "52:54:00:0f:00:02".equals(e.mac())),
          "this node's own steps reach the live view when published, not again from the store");
    } finally {
      recorder.removeLiveView(listener);
    }
  }

  private static void store(String mac, String node) {
    BootEvent e =
        BootEvent.now(
                mac,
                "198.18.7.120",
                BootEvent.Protocol.DHCP,
                BootStep.DHCP_DISCOVER,
                BootEvent.Outcome.INFO,
                "BIOS PXE")
            .servedBy(node);
    BootEventEntity row = BootEventRows.toEntity(e);
    row.at = Instant.now().atOffset(java.time.ZoneOffset.UTC);
    QuarkusTransaction.requiringNew().run(row::persist);
  }
}
