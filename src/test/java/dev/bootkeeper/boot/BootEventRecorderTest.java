package dev.bootkeeper.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.store.BootEventEntity;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The event writer stores every event, and a steady stream in a few transactions. */
@QuarkusTest
class BootEventRecorderTest {

  @Inject BootEventRecorder recorder;

  @Test
  void aStreamOfEventsIsStoredWholeInBatches() throws InterruptedException {
    assertTrue(recorder.awaitStored(Duration.ofSeconds(10)), "earlier events still pending");
    String marker = "batch-" + UUID.randomUUID();
    long before = recorder.transactions();
    int events = 200;
    long start = System.nanoTime();
    // About one event a millisecond: one transaction per event if the writer took each at once.
    for (int i = 0; i < events; i++) {
      recorder.publish(
          BootEvent.now(
              null,
              "198.18.7.1",
              BootEvent.Protocol.HTTP,
              BootStep.HTTP_GET,
              BootEvent.Outcome.OK,
              marker));
      Thread.sleep(1);
    }
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(recorder.awaitStored(Duration.ofSeconds(15)), "events not stored in time");
    assertEquals(events, BootEventEntity.count("detail", marker));
    long used = recorder.transactions() - before;
    // Each batch waits 20 ms for more events, so the stream fits in about elapsed / 20 batches.
    long bound = elapsedMillis / 15 + 2;
    assertTrue(
        used >= 1 && used <= bound,
        events + " events in " + elapsedMillis + " ms took " + used + " transactions");
  }
}
