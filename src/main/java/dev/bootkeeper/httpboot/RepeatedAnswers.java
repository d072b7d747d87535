package dev.bootkeeper.httpboot;

import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.BootEventSink;
import dev.bootkeeper.boot.BootStep;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Folds a client's identical successful answers into one boot event per window, so that a client
 * fetching one file again and again (a benchmark, a loader in a retry loop, a monitoring probe)
 * costs a counter per request instead of a stored row and a log line each. The first answer of a
 * kind in a window is published at once, as every answer of a real boot is (each file of a boot is
 * fetched once or twice); the repeats that follow within the window are counted, and when the
 * window ends one event says how many there were and how many bytes they carried. Nothing is lost:
 * every answer is in an event, alone or counted in a summary.
 *
 * <p>"Identical" is the same client (address and MAC), method, path with query, status and range: a
 * different range of one file, or another status, is an answer of its own. Failures are not folded
 * here: {@code boot.FailureThrottle} has its own budgets for them.
 */
final class RepeatedAnswers {

  static final Duration WINDOW = Duration.ofSeconds(1);

  /** Kinds of answer tracked per window; beyond, every answer is published on its own. */
  static final int MAX_KINDS = 10_000;

  /** What makes two answers the same. */
  record Kind(String ip, String mac, BootStep step, String path, int status, String range) {}

  /** The repeats of one kind in the current window. Closed once summed up. */
  private static final class Repeats {
    private final Kind kind;
    private final String file;
    private long count;
    private long bytes;
    private long maxMs;
    private boolean closed;

    Repeats(Kind kind, String file) {
      this.kind = kind;
      this.file = file;
    }

    synchronized boolean add(long answerBytes, long ms) {
      if (closed) {
        return false;
      }
      count++;
      bytes += answerBytes;
      maxMs = Math.max(maxMs, ms);
      return true;
    }

    /** The summary event, or null when the answer was not repeated. */
    synchronized BootEvent close(String window) {
      closed = true;
      if (count == 0) {
        return null;
      }
      String detail =
          String.format(
              Locale.ROOT,
              "%s %s -> %d%s, %d more times in the last %s, %d bytes in all (slowest %d ms)",
              kind.step() == BootStep.HTTP_HEAD ? "HEAD" : "GET",
              kind.path(),
              kind.status(),
              kind.range() == null ? "" : " (" + kind.range() + ")",
              count,
              window,
              bytes,
              maxMs);
      return new BootEvent(
              Instant.now(),
              kind.mac(),
              kind.ip(),
              null,
              BootEvent.Protocol.HTTP,
              kind.step(),
              BootEvent.Outcome.OK,
              null,
              detail,
              BootEvent.Facts.NONE)
          .with(BootEvent.Facts.file(file).withBytes(bytes).withDurationMs(maxMs));
    }
  }

  private final BootEventSink events;
  private final Map<Kind, Repeats> window = new ConcurrentHashMap<>();

  RepeatedAnswers(BootEventSink events) {
    this.events = events;
  }

  /**
   * Counts an answer when one of its kind was already published in this window.
   *
   * @param file the path without its query, as the boot trace names files
   * @return true when the answer was counted; false when the caller is to publish its event itself
   *     (the first of its kind in the window, or the table of kinds is full)
   */
  boolean counted(Kind kind, String file, long bytes, long ms) {
    while (true) {
      Repeats r = window.get(kind);
      if (r == null) {
        if (window.size() >= MAX_KINDS) {
          return false;
        }
        if (window.putIfAbsent(kind, new Repeats(kind, file)) == null) {
          return false;
        }
      } else if (r.add(bytes, ms)) {
        return true;
      }
      // Another answer of this kind opened it first, or the window closed it between the look-up
      // and the count: look again.
    }
  }

  /** Ends the window: one summary event per kind that was repeated in it. */
  void endWindow() {
    String length = WINDOW.toSeconds() + " s";
    for (Map.Entry<Kind, Repeats> e : window.entrySet()) {
      // Removed before it is closed: an answer that finds it closed opens the kind anew.
      window.remove(e.getKey(), e.getValue());
      BootEvent summary = e.getValue().close(length);
      if (summary != null) {
        events.publish(summary);
      }
    }
  }
}
