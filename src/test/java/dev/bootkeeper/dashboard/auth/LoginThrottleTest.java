package dev.bootkeeper.dashboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

  /** A clock the test moves by hand. */
  static final class Hand extends Clock {
    Instant now = Instant.parse("2026-12-06T10:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  final Hand clock = new Hand();
  final LoginThrottle throttle = new LoginThrottle(clock);

  private void fail(String address, String user, int times) {
    for (int i = 0; i < times; i++) {
      assertEquals(Optional.empty(), throttle.wait(address, user), "attempt " + i);
      throttle.failed(address, user);
      clock.now = clock.now.plusSeconds(1);
    }
  }

  @Test
  void tenFailuresForOneNameFromOneAddressWaitUntilTheFirstLeavesTheWindow() {
    fail("198.18.0.7", "admin", LoginThrottle.PER_PAIR);
    Optional<Duration> wait = throttle.wait("198.18.0.7", "admin");
    assertEquals(Duration.ofMinutes(15).minusSeconds(LoginThrottle.PER_PAIR), wait.orElseThrow());
    // Another address may still try that name, and this address another name.
    assertEquals(Optional.empty(), throttle.wait("198.18.0.8", "admin"));
    assertEquals(Optional.empty(), throttle.wait("198.18.0.7", "operator"));
    clock.now = clock.now.plus(wait.get());
    assertEquals(Optional.empty(), throttle.wait("198.18.0.7", "admin"));
  }

  @Test
  void guessingOneNameFromManyAddressesIsLimitedToo() {
    for (int i = 0; i < LoginThrottle.PER_USER; i++) {
      fail("198.18.1." + i, "Admin ", 1);
    }
    assertTrue(throttle.wait("198.18.2.1", "admin").isPresent(), "the name is locked for now");
  }

  @Test
  void sprayingManyNamesFromOneAddressIsLimited() {
    for (int i = 0; i < LoginThrottle.PER_ADDRESS; i++) {
      fail("198.18.0.9", "user" + i, 1);
    }
    assertTrue(throttle.wait("198.18.0.9", "someone-else").isPresent());
  }

  @Test
  void aSuccessfulLoginClearsItsOwnFailures() {
    fail("198.18.0.7", "admin", LoginThrottle.PER_PAIR - 1);
    throttle.succeeded("198.18.0.7", "admin");
    fail("198.18.0.7", "admin", LoginThrottle.PER_PAIR - 1);
    assertEquals(Optional.empty(), throttle.wait("198.18.0.7", "admin"));
  }

  @Test
  void memoryIsBounded() {
    for (int i = 0; i < LoginThrottle.MAX_KEYS * 2; i++) {
      throttle.failed("198.19." + (i / 256) + "." + (i % 256), "u");
    }
    // Reaching here without running out of memory is not the check: the oldest keys went.
    assertEquals(Optional.empty(), throttle.wait("198.19.0.0", "nobody"));
  }
}
