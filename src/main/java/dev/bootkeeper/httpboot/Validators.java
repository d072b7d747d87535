package dev.bootkeeper.httpboot;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/**
 * The validators of a file on disk (RFC 9110 §8.8) and the conditional requests they answer. The
 * entity tag is strong and made, as nginx makes it, of the modification time and the size: a file
 * replaced in place by an image import changes at least one of them.
 */
record Validators(String etag, Instant lastModified) {

  /** IMF-fixdate (RFC 9110 §5.6.7): always two-digit days, always GMT. */
  static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  static Validators of(long size, Instant modified) {
    Instant seconds = modified.truncatedTo(ChronoUnit.SECONDS);
    return new Validators(
        "\"" + Long.toHexString(modified.toEpochMilli()) + "-" + Long.toHexString(size) + "\"",
        seconds);
  }

  String lastModifiedHeader() {
    return HttpDates.of(lastModified);
  }

  static String date(Instant at) {
    return HTTP_DATE.format(at);
  }

  /**
   * Whether a GET or HEAD may be answered 304 (RFC 9110 §13.2.2): {@code If-None-Match} decides
   * when present (weak comparison, {@code *} matches any), otherwise {@code If-Modified-Since}.
   */
  boolean notModified(String ifNoneMatch, String ifModifiedSince) {
    if (ifNoneMatch != null) {
      for (String tag : ifNoneMatch.split(",")) {
        String t = tag.trim();
        if (t.equals("*") || opaque(t).equals(opaque(etag))) {
          return true;
        }
      }
      return false;
    }
    if (ifModifiedSince != null) {
      return parseDate(ifModifiedSince).map(since -> !lastModified.isAfter(since)).orElse(false);
    }
    return false;
  }

  /**
   * Whether a {@code Range} still applies under {@code If-Range} (RFC 9110 §13.1.5): the tag must
   * match strongly, or the date must equal {@code Last-Modified} exactly; otherwise the whole file
   * is sent.
   */
  boolean rangeStillValid(String ifRange) {
    if (ifRange == null) {
      return true;
    }
    String v = ifRange.trim();
    if (v.startsWith("\"") || v.startsWith("W/")) {
      return v.equals(etag);
    }
    return parseDate(v).map(lastModified::equals).orElse(false);
  }

  private static String opaque(String tag) {
    return tag.startsWith("W/") ? tag.substring(2) : tag;
  }

  static Optional<Instant> parseDate(String text) {
    try {
      return Optional.of(Instant.from(HTTP_DATE.parse(text.trim())));
    } catch (DateTimeParseException e) {
      try {
        return Optional.of(Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(text.trim())));
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
  }
}
