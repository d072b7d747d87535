package dev.bootkeeper.httpboot;

import java.time.Instant;

/**
 * The {@code Date} header of every answer (RFC 9110 §6.6.1), formatted once per second instead of
 * once per request: the formatter showed up in the profile of a small-file flood.
 */
final class HttpDates {

  private record Formatted(long second, String text) {}

  private static volatile Formatted last = new Formatted(Long.MIN_VALUE, "");

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
}
