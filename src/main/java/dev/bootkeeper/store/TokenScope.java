package dev.bootkeeper.store;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What an API token may do. */
public enum TokenScope {
  /** Reads only: for monitoring and inventory scripts when reads need a token too. */
  READ_ONLY("read-only"),
  /** Reads and changes everything the API offers. */
  ADMIN("admin");

  private final String id;

  TokenScope(String id) {
    this.id = id;
  }

  /** The name people type and see: {@code read-only} or {@code admin}. */
  public String id() {
    return id;
  }

  public static Optional<TokenScope> fromId(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(s -> s.id.equals(t)).findFirst();
  }
}
