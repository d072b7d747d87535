package dev.bootkeeper.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.background.SpillFile;
import dev.bootkeeper.store.BootEventEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The event writer stores every event, and a steady stream in a few transactions. */
@QuarkusTest
class BootEventRecorderTest {

  @Inject BootEventRecorder recorder;
  @Inject MenuChoices menus;
  @Inject WarmUpWindow warmUp;
  @Inject NodeName node;
  @Inject BootEventsConfig config;
  @Inject DataSource db;

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

  @Test
  void everyFieldIsStoredAsPublishedWithIdsOfTheirOwn() {
    assertTrue(recorder.awaitStored(Duration.ofSeconds(10)), "earlier events still pending");
    String marker = "fields-" + UUID.randomUUID();
    Instant at = Instant.parse("2026-03-01T10:15:30.123456Z");
    // Hibernate takes a block of ids around a value of the same sequence: rows of both must not
    // collide, whichever of them draws first.
    persistThroughHibernate(marker);
    int events = 157;
    for (int i = 0; i < events; i++) {
      recorder.publish(
          new BootEvent(
              at.plusSeconds(i),
              "52:54:00:12:34:56",
              "198.18.7.2",
              "0a1b2c3d-0000-4000-8000-000000000001",
              BootEvent.Protocol.TFTP,
              BootStep.TRANSFER_DONE,
              BootEvent.Outcome.INFO,
              FailureReason.NOT_FOUND,
              marker,
              new BootEvent.Facts("images/x/vmlinuz", 1234L + i, 56L, "rescue", Firmware.BIOS),
              null));
    }
    assertTrue(recorder.awaitStored(Duration.ofSeconds(15)), "events not stored in time");
    persistThroughHibernate(marker);
    List<BootEventEntity> rows =
        BootEventEntity.list("detail = ?1 and mac is not null order by at", marker);
    assertEquals(events, rows.size());
    assertEquals(events + 2, BootEventEntity.count("detail", marker));
    assertEquals(
        events + 2,
        BootEventEntity.<BootEventEntity>list("detail", marker).stream()
            .map(r -> r.id)
            .distinct()
            .count());
    BootEventEntity first = rows.get(0);
    assertNotNull(first.id);
    assertEquals(at.truncatedTo(ChronoUnit.MICROS), first.at.toInstant());
    assertEquals("52:54:00:12:34:56", first.mac);
    assertEquals("198.18.7.2", first.ip);
    assertEquals("0a1b2c3d-0000-4000-8000-000000000001", first.uuid);
    assertEquals("TFTP", first.protocol);
    assertEquals(BootStep.TRANSFER_DONE.label(), first.step);
    assertEquals(BootStep.TRANSFER_DONE.name(), first.stepType);
    assertEquals("INFO", first.outcome);
    assertEquals("NOT_FOUND", first.reason);
    assertEquals("images/x/vmlinuz", first.file);
    assertEquals(1234L, first.bytes);
    assertEquals(56L, first.durationMs);
    assertEquals("rescue", first.profile);
    assertEquals("BIOS", first.firmware);
    assertNotNull(first.node, "the serving node is stamped");
  }

  /**
   * A storm the queue cannot hold (a queue of 20 here, 100,000 in the appliance): every event is
   * stored through the overflow file, in the order published, and the file is gone at the stop.
   */
  @Test
  void eventsBeyondTheQueueAreStoredFromTheOverflowFileInOrder(@TempDir Path dir)
      throws InterruptedException {
    Path file = dir.resolve("overflow");
    BootEventRecorder small =
        new BootEventRecorder(
            menus,
            warmUp,
            node,
            config,
            db,
            20,
            new SpillFile<>(file, 64L << 20, new BootEventCodec()));
    String marker = "overflow-" + UUID.randomUUID();
    int events = 3_000;
    for (int i = 0; i < events; i++) {
      small.publish(
          BootEvent.now(
              "52:54:00:00:0b:01",
              "198.18.7.4",
              BootEvent.Protocol.DHCP,
              BootStep.DHCP_ACK,
              BootEvent.Outcome.OK,
              marker + " " + i));
    }
    assertTrue(small.overflowing() >= events - 20, "the writer is not started yet: all spilled");
    small.start(null);
    try {
      assertTrue(small.awaitStored(Duration.ofSeconds(30)), "events not stored in time");
      assertEquals(0, small.dropped());
      List<String> stored =
          BootEventEntity.<BootEventEntity>list("detail like ?1 order by id", marker + " %")
              .stream()
              .map(r -> r.detail)
              .toList();
      assertEquals(
          IntStream.range(0, events).mapToObj(i -> marker + " " + i).toList(),
          stored,
          "each event once, in the order published");
      assertEquals(0, small.overflowing());
    } finally {
      small.stop(null);
    }
    assertFalse(Files.exists(file), "the overflow file is removed at the stop");
  }

  private static void persistThroughHibernate(String marker) {
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                BootEventRows.toEntity(
                        BootEvent.now(
                            null,
                            "198.18.7.3",
                            BootEvent.Protocol.HTTP,
                            BootStep.HTTP_GET,
                            BootEvent.Outcome.OK,
                            marker))
                    .persist());
  }
}
