package dev.bootkeeper.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as the dashboard prints them: UTC, and "5 min ago" for recency. */
public final class Times {

  private static final DateTimeFormatter FULL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private Times() {}

  public static String full(OffsetDateTime t) {
    return t == null ? "" : FULL.format(t);
  }

  public static String full(Instant t) {
    return t == null ? "" : FULL.format(t);
  }

  public static String clock(Instant t) {
    return CLOCK.format(t);
  }

  public static String iso(Instant t) {
    return t == null ? "" : t.atZone(ZoneId.of("UTC")).toOffsetDateTime().toString();
  }

  /** "never", "just now", "42 s ago", "5 min ago", "3 h ago", "12 days ago". */
  public static String ago(OffsetDateTime t) {
    return t == null ? "never" : ago(t.toInstant(), Instant.now());
  }

  static String ago(Instant t, Instant now) {
    long s = Duration.between(t, now).toSeconds();
    if (s < 5) {
      return "just now";
    }
    if (s < 60) {
      return s + " s ago";
    }
    if (s < 3600) {
      return s / 60 + " min ago";
    }
    if (s < 86_400) {
      return s / 3600 + " h ago";
    }
    long days = s / 86_400;
    return days + (days == 1 ? " day ago" : " days ago");
  }
}
