package dev.bootkeeper.httpboot;

import java.util.Locale;

/**
 * What a {@code Range} request header asks of a file of known size (RFC 9110 §14). Only one range
 * is honoured: GRUB asks {@code bytes=N-} when it seeks, mainline archiso probes with {@code
 * bytes=0-0}, and no boot client sends more. A multi-range request, or one this class cannot read,
 * gets the whole file, which RFC 9110 §14.2 allows a server to do.
 */
public sealed interface ByteRange {

  /** Send the whole file with 200. */
  record Whole() implements ByteRange {}

  /** Send bytes {@code first..last} (inclusive) with 206 and {@code Content-Range}. */
  record Part(long first, long last, long size) implements ByteRange {
    public long length() {
      return last - first + 1;
    }

    public String contentRange() {
      return "bytes " + first + "-" + last + "/" + size;
    }
  }

  /** Answer 416 with {@code Content-Range: bytes *}{@code /size} (RFC 9110 §15.5.17). */
  record Unsatisfiable(long size) implements ByteRange {
    public String contentRange() {
      return "bytes */" + size;
    }
  }

  ByteRange WHOLE = new Whole();

  /**
   * @param header the {@code Range} header value, or null
   * @param size the file's size in bytes
   */
  static ByteRange parse(String header, long size) {
    if (header == null) {
      return WHOLE;
    }
    String h = header.trim();
    int eq = h.indexOf('=');
    if (eq < 0 || !h.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("bytes")) {
      return WHOLE;
    }
    String spec = h.substring(eq + 1).trim();
    if (spec.contains(",")) {
      return WHOLE;
    }
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return WHOLE;
    }
    String a = spec.substring(0, dash).trim();
    String b = spec.substring(dash + 1).trim();
    if (a.isEmpty()) {
      // bytes=-n: the last n bytes
      long n = number(b);
      if (n < 0) {
        return WHOLE;
      }
      if (n == 0 || size == 0) {
        return new Unsatisfiable(size);
      }
      return new Part(Math.max(0, size - n), size - 1, size);
    }
    long first = number(a);
    if (first < 0) {
      return WHOLE;
    }
    long last;
    if (b.isEmpty()) {
      last = size - 1;
    } else {
      last = number(b);
      if (last < 0 || last < first) {
        return WHOLE;
      }
    }
    if (first >= size) {
      return new Unsatisfiable(size);
    }
    return new Part(first, Math.min(last, size - 1), size);
  }

  /** A non-negative decimal, or -1 when the text is not one (or does not fit in a long). */
  private static long number(String s) {
    if (s.isEmpty() || s.length() > 18) {
      return -1;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return -1;
      }
    }
    return Long.parseLong(s);
  }
}
