package dev.bootkeeper.httpboot;

import java.time.Instant;

/**
 * The {@code Date} header of every answer (RFC 9110 §6.6.1), formatted once per second instead of
 * once per request, and the last {@code Last-Modified} formatted likewise: the formatter showed up
 * in the profile of a small-file flood.
 */
final class HttpDates {

  private record Formatted(long second, String text) {}

  private static volatile Formatted last = new Formatted(Long.MIN_VALUE, "");
  private static volatile Formatted lastModified = new Formatted(Long.MIN_VALUE, "");

  private HttpDates() {}

  static String now() {
    long second = System.currentTimeMillis() / 1000;
    Formatted f = last;
    if (f.second() != second) {
      f = new Formatted(second, Validators.date(Instant.ofEpochSecond(second)));
      last = f;
    }
    return f.text();
  }

  /** {@code at} in IMF-fixdate, to the second. */
  static String of(Instant at) {
    long second = at.getEpochSecond();
    Formatted f = lastModified;
    if (f.second() != second) {
      f = new Formatted(second, Validators.date(Instant.ofEpochSecond(second)));
      lastModified = f;
    }
    return f.text();
  }
}
