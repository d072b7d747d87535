package dev.bootkeeper.ops;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IdleTrimPolicyTest {

  static final long MIB = 1L << 20;
  static final long QUIET = 10_000_000L; // 10 ms of CPU in a one-second tick
  static final long BUSY = 400_000_000L;

  final IdleTrimPolicy policy = new IdleTrimPolicy();

  @Test
  void trimsOnlyAfterEnoughQuietTicksInARow() {
    for (int i = 1; i < IdleTrimPolicy.QUIET_TICKS; i++) {
      assertFalse(policy.shouldTrim(QUIET, 300 * MIB), "tick " + i);
    }
    assertTrue(policy.shouldTrim(QUIET, 300 * MIB));
  }

  @Test
  void aBusyTickStartsTheCountAgain() {
    for (int i = 1; i < IdleTrimPolicy.QUIET_TICKS; i++) {
      policy.shouldTrim(QUIET, 300 * MIB);
    }
    assertFalse(policy.shouldTrim(BUSY, 300 * MIB));
    for (int i = 1; i < IdleTrimPolicy.QUIET_TICKS; i++) {
      assertFalse(policy.shouldTrim(QUIET, 300 * MIB));
    }
    assertTrue(policy.shouldTrim(QUIET, 300 * MIB));
  }

  @Test
  void afterATrimOnlyANewGrowthOfTheHeapTrimsAgain() {
    policy.trimmed(40 * MIB);
    for (int i = 0; i < 3 * IdleTrimPolicy.QUIET_TICKS; i++) {
      assertFalse(policy.shouldTrim(QUIET, 60 * MIB), "grew by less than the threshold");
    }
    assertTrue(policy.shouldTrim(QUIET, 40 * MIB + IdleTrimPolicy.GROWTH));
  }
}
