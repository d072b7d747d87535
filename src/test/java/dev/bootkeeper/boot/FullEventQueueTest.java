package dev.bootkeeper.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Events published while the writer's queue is full (the writer is never started here, so the queue
 * fills after its capacity): live views still get each one, the store gets none of them, and the
 * log gets one warning with the count, not a line per event from the publishing thread.
 */
class FullEventQueueTest {

  private static final int CAPACITY = 5;

  private final Logger eventsLog = Logger.getLogger("dev.bootkeeper.boot.events");
  private final List<LogRecord> logged = Collections.synchronizedList(new ArrayList<>());
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          logged.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void captureTheEventsLog() {
    eventsLog.addHandler(capture);
  }

  @AfterEach
  void release() {
    eventsLog.removeHandler(capture);
  }

  @Test
  void eventsBeyondTheQueueAreCountedAndSummedUpNotLoggedOneByOne() {
    BootEventRecorder recorder =
        new BootEventRecorder(
            new MenuChoices(),
            new WarmUpWindow(),
            new NodeName(Optional.empty()),
            new Limits(),
            null,
            CAPACITY);
    List<BootEvent> seen = Collections.synchronizedList(new ArrayList<>());
    recorder.addLiveView(seen::add);

    int published = 40;
    for (int i = 0; i < published; i++) {
      recorder.publish(
          BootEvent.now(
              String.format("52:54:00:00:00:%02x", i),
              "198.18.9." + (i + 1),
              BootEvent.Protocol.DHCP,
              BootStep.DHCP_ACK,
              BootEvent.Outcome.OK,
              "full-queue-" + i));
    }

    assertEquals(published, seen.size(), "a live view sees every event, stored or not");
    assertEquals(published - CAPACITY, recorder.dropped());
    List<LogRecord> lines = new ArrayList<>(logged);
    assertEquals(1, lines.size(), "one warning, no line per refused event: " + messages(lines));
    assertEquals(Level.WARNING, lines.get(0).getLevel());
    assertTrue(
        String.valueOf(lines.get(0).getMessage()).startsWith("boot event queue full: 1 events"),
        messages(lines).toString());
  }

  private static List<String> messages(List<LogRecord> records) {
    return records.stream().map(r -> r.getLevel() + " " + r.getMessage()).toList();
  }

  /** The appliance's defaults (these events are no failures, so none is throttled). */
  private static final class Limits implements BootEventsConfig {
    @Override
    public Duration failuresWindow() {
      return Duration.ofSeconds(60);
    }

    @Override
    public int failuresPerFile() {
      return 3;
    }

    @Override
    public int failuresPerClient() {
      return 50;
    }

    @Override
    public int failuresTotal() {
      return 2_000;
    }
  }
}
