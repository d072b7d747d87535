package dev.bootkeeper.boot;

import java.util.function.Consumer;

/**
 * Collects rendered text and stops the rendering once it passes a size: a loop in a custom template
 * ({@code {#for i in 1000000}}) would otherwise build megabytes for every anonymous fetch.
 */
final class CappedOutput implements Consumer<String> {

  /** Thrown from inside the template engine to stop it; never leaves the renderer. */
  static final class TooLarge extends RuntimeException {
    TooLarge() {
      super("rendered config too large", null, false, false);
    }
  }

  private final int maxBytes;
  private final StringBuilder text = new StringBuilder();
  private long bytes;

  CappedOutput(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public void accept(String chunk) {
    bytes += utf8Length(chunk);
    if (bytes > maxBytes) {
      throw new TooLarge();
    }
    text.append(chunk);
  }

  String text() {
    return text.toString();
  }

  private static long utf8Length(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
