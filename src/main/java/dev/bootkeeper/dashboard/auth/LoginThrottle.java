package dev.bootkeeper.dashboard.auth;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows password guessing at the login form: after {@link #PER_ADDRESS} failures from one client
 * address, or {@link #PER_USER} failures for one user name (from anywhere), within {@link #WINDOW},
 * further attempts are refused until the oldest failure leaves the window. A refused attempt does
 * not check the password at all, so it tells nothing. The limit per user name is higher than per
 * address, so that one guesser cannot lock the admin out as easily as it can lock itself out.
 * Memory is bounded: at most {@link #MAX_KEYS} keys are tracked, the least recently failed go
 * first.
 */
@ApplicationScoped
public class LoginThrottle {

  public static final Duration WINDOW = Duration.ofMinutes(15);
  static final int PER_PAIR = 10;
  static final int PER_USER = 20;
  static final int PER_ADDRESS = 100;
  static final int MAX_KEYS = 10_000;

  private final Clock clock;
  private final Map<String, Deque<Instant>> failures =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
          return size() > MAX_KEYS;
        }
      };

  public LoginThrottle() {
    this(Clock.systemUTC());
  }

  LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /** How long this attempt must wait; empty when it may go ahead. */
  public synchronized Optional<Duration> wait(String address, String username) {
    Instant now = clock.instant();
    Optional<Duration> longest = Optional.empty();
    for (Optional<Duration> w :
        java.util.List.of(
            waitFor(pair(address, username), PER_PAIR, now),
            waitFor(user(username), PER_USER, now),
            waitFor(address(address), PER_ADDRESS, now))) {
      if (w.isPresent() && (longest.isEmpty() || w.get().compareTo(longest.get()) > 0)) {
        longest = w;
      }
    }
    return longest;
  }

  /**
   * Counts a failed attempt; returns how many failures this user name has from this address in the
   * window now.
   */
  public synchronized int failed(String address, String username) {
    Instant now = clock.instant();
    add(user(username), now, PER_USER);
    add(address(address), now, PER_ADDRESS);
    return add(pair(address, username), now, PER_PAIR);
  }

  /** A successful login clears the failures of its user name from its address. */
  public synchronized void succeeded(String address, String username) {
    failures.remove(pair(address, username));
  }

  private static String pair(String address, String username) {
    return "pair " + address + " " + normal(username);
  }

  private static String user(String username) {
    return "user " + normal(username);
  }

  private static String address(String address) {
    return "ip " + address;
  }

  private Optional<Duration> waitFor(String key, int limit, Instant now) {
    Deque<Instant> times = failures.get(key);
    if (times == null) {
      return Optional.empty();
    }
    expire(times, now);
    if (times.size() < limit) {
      return Optional.empty();
    }
    return Optional.of(Duration.between(now, times.peekFirst().plus(WINDOW)));
  }

  private int add(String key, Instant now, int limit) {
    Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
    expire(times, now);
    times.addLast(now);
    // Only the newest failures up to the limit matter.
    while (times.size() > limit) {
      times.removeFirst();
    }
    return times.size();
  }

  private static void expire(Deque<Instant> times, Instant now) {
    while (!times.isEmpty() && !times.peekFirst().plus(WINDOW).isAfter(now)) {
      times.removeFirst();
    }
  }

  private static String normal(String username) {
    return username == null ? "" : username.trim().toLowerCase(java.util.Locale.ROOT);
  }
}
