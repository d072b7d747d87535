package dev.bootkeeper.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.background.SpillFile;
import io.quarkus.runtime.configuration.MemorySize;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * Events published while the writer's queue is full (the writer is never started here, so the queue
 * fills after its capacity): they wait in the overflow file; once that is full too, live views
 * still get each one, the store gets none of them, and the log gets one warning with the count, not
 * a line per event from the publishing thread.
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

  @TempDir Path dir;

  @Test
  void eventsBeyondTheQueueWaitInTheOverflowFile() {
    SpillFile<BootEvent> overflow =
        new SpillFile<>(dir.resolve("overflow"), 1 << 20, new BootEventCodec());
    BootEventRecorder recorder = recorder(overflow);

    int published = 40;
    publish(recorder, published);

    assertEquals(published - CAPACITY, recorder.overflowing());
    assertEquals(0, recorder.dropped());
    assertEquals(List.of(), messages(logged), "nothing to warn about: every event is kept");
    overflow.close();
  }

  @Test
  void eventsBeyondTheQueueAndTheOverflowFileAreCountedAndSummedUpNotLoggedOneByOne() {
    // Room for 10 of these events.
    SpillFile<BootEvent> overflow =
        new SpillFile<>(dir.resolve("overflow"), 10 * recordBytes(), new BootEventCodec());
    BootEventRecorder recorder = recorder(overflow);
    List<BootEvent> seen = Collections.synchronizedList(new ArrayList<>());
    recorder.addLiveView(seen::add);

    int published = 40;
    publish(recorder, published);

    assertEquals(published, seen.size(), "a live view sees every event, stored or not");
    assertEquals(10, recorder.overflowing());
    assertEquals(published - CAPACITY - 10, recorder.dropped());
    List<LogRecord> lines = new ArrayList<>(logged);
    assertEquals(1, lines.size(), "one warning, no line per refused event: " + messages(lines));
    assertEquals(Level.WARNING, lines.get(0).getLevel());
    assertTrue(
        String.valueOf(lines.get(0).getMessage())
            .startsWith("boot event queue and overflow file full: 1 events"),
        messages(lines).toString());
    overflow.close();
  }

  private static BootEventRecorder recorder(SpillFile<BootEvent> overflow) {
    return new BootEventRecorder(
        new MenuChoices(),
        new WarmUpWindow(),
        new NodeName(Optional.empty()),
        new Limits(),
        null,
        CAPACITY,
        overflow);
  }

  private static void publish(BootEventRecorder recorder, int events) {
    for (int i = 0; i < events; i++) {
      recorder.publish(event(i));
    }
  }

  /** The events differ only in digits of the same width: their records have one size. */
  private static BootEvent event(int i) {
    return BootEvent.now(
        String.format("52:54:00:00:00:%02x", i),
        String.format("198.18.9.%02d", i + 10),
        BootEvent.Protocol.DHCP,
        BootStep.DHCP_ACK,
        BootEvent.Outcome.OK,
        String.format("full-queue-%02d", i));
  }

  private static long recordBytes() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      // As stored: stamped with the node that served it.
      BootEvent stamped = event(0).servedBy(new NodeName(Optional.empty()).get());
      new BootEventCodec().write(stamped, new DataOutputStream(bytes));
      return Integer.BYTES + bytes.size();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

    @Override
    public MemorySize overflowMax() {
      return new MemorySize(java.math.BigInteger.valueOf(256L << 20));
    }
  }
}
