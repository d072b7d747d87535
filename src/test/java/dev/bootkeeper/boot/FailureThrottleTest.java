package dev.bootkeeper.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The throttle's budgets and summaries against a fake clock. */
class FailureThrottleTest {

  long now;
  final FailureThrottle throttle =
      new FailureThrottle(new FailureThrottle.Limits(Duration.ofSeconds(60), 3, 10, 25), () -> now);

  static BootEvent notFound(String ip, String file) {
    return BootEvent.failedNow(
            null,
            ip,
            BootEvent.Protocol.TFTP,
            BootStep.TRANSFER_FAILED,
            FailureReason.NOT_FOUND,
            "not found: " + file)
        .with(BootEvent.Facts.file(file));
  }

  long kept(String ip, int n, String fileOrNullForDistinct) {
    return IntStream.range(0, n)
        .filter(
            i ->
                throttle.keep(
                    notFound(ip, fileOrNullForDistinct == null ? "f" + i : fileOrNullForDistinct)))
        .count();
  }

  @Test
  void repeatsOfOneFileAreKeptThreeTimesPerWindow() {
    assertEquals(3, kept("198.18.0.5", 100, "pxelinux.0"));
    assertEquals(97, throttle.suppressed(BootEvent.Protocol.TFTP, FailureReason.NOT_FOUND));
  }

  @Test
  void oneClientIsKeptUpToItsBudgetAndSummedUpWhenTheWindowEnds() {
    assertEquals(10, kept("198.18.0.5", 1000, null));
    assertEquals(List.of(), throttle.endWindow(), "no summary before the window ends");
    now += Duration.ofSeconds(60).toNanos();
    List<BootEvent> summaries = throttle.endWindow();
    assertEquals(1, summaries.size());
    BootEvent s = summaries.get(0);
    assertEquals("198.18.0.5", s.ip());
    assertEquals(BootEvent.Outcome.INFO, s.outcome());
    assertEquals(
        "990 more failures from this client suppressed in the last 1 min (not found: 990)",
        s.detail());
    assertEquals(10, kept("198.18.0.5", 1000, null), "a new window, a new budget");
  }

  @Test
  void allClientsTogetherAreKeptUpToTheTotal() {
    long kept = 0;
    for (int c = 0; c < 10; c++) {
      kept += kept("198.18.1." + c, 10, null);
    }
    assertEquals(25, kept);
    now += Duration.ofSeconds(61).toNanos();
    assertEquals(8, throttle.endWindow().size(), "one summary per client that lost events");
  }

  @Test
  void successesAndOtherProtocolsAreNeverThrottled() {
    for (int i = 0; i < 100; i++) {
      assertTrue(
          throttle.keep(
              BootEvent.now(
                  null,
                  "198.18.0.5",
                  BootEvent.Protocol.TFTP,
                  BootStep.TRANSFER_DONE,
                  BootEvent.Outcome.OK,
                  "pxelinux.0")));
      assertTrue(
          throttle.keep(
              BootEvent.failedNow(
                  null,
                  "198.18.0.5",
                  BootEvent.Protocol.DHCP,
                  BootStep.TRANSFER_FAILED,
                  FailureReason.NO_FREE_ADDRESS,
                  "no address")));
    }
    assertTrue(FailureThrottle.applies(notFound("198.18.0.5", "x")));
  }
}
