package dev.bootkeeper.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What two nodes' facts about one machine's boot say together, in whichever order they come. */
class BootInProgressTest {

  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  static Instant at(int seconds) {
    return T0.plusSeconds(seconds);
  }

  final BootInProgress dhcpOnA = BootInProgress.startedAt(at(0));
  final BootInProgress dhcpRetryOnB = BootInProgress.startedAt(at(3));
  final BootInProgress configOnB = dhcpRetryOnB.configured("rescue", "k/initrd", at(5));
  final BootInProgress menuEntryOnA = dhcpOnA.configured("installer", "i/initrd", at(9));
  final BootInProgress loadedOnB = configOnB.finished(at(20));

  @Test
  void oneBootKeepsTheFirstDhcpTheLatestConfigAndTheFinish() {
    BootInProgress all =
        BootInProgress.merge(
            BootInProgress.merge(BootInProgress.merge(dhcpOnA, configOnB), menuEntryOnA),
            loadedOnB);
    assertEquals(at(0), all.started());
    assertEquals("installer", all.profile(), "the menu entry chosen after the menu's config");
    assertEquals("i/initrd", all.lastFile());
    assertEquals(at(20), all.finishedAt());
  }

  @Test
  void theOrderAndRepeatsOfTheFactsDoNotMatter() {
    List<BootInProgress> facts = List.of(dhcpOnA, dhcpRetryOnB, configOnB, menuEntryOnA, loadedOnB);
    BootInProgress forward = null;
    for (BootInProgress f : facts) {
      forward = BootInProgress.merge(forward, f);
    }
    BootInProgress backward = null;
    for (int i = facts.size() - 1; i >= 0; i--) {
      backward = BootInProgress.merge(facts.get(i), backward);
    }
    assertEquals(forward, backward);
    assertEquals(forward, BootInProgress.merge(forward, configOnB), "heard twice");
    for (BootInProgress a : facts) {
      for (BootInProgress b : facts) {
        assertEquals(BootInProgress.merge(a, b), BootInProgress.merge(b, a), a + " and " + b);
      }
    }
  }

  @Test
  void aDhcpRequestAfterTheLastFileStartsANewBoot() {
    BootInProgress reboot = BootInProgress.startedAt(at(60));
    assertFalse(loadedOnB.openAt(at(60)));
    assertEquals(reboot, BootInProgress.merge(loadedOnB, reboot));
    assertEquals(reboot, BootInProgress.merge(reboot, loadedOnB), "the finished boot is older");
  }

  @Test
  void aBootThatNeverFinishedGivesWayToADhcpRequestTenMinutesOn() {
    Instant later = configOnB.started().plus(BootInProgress.NEW_BOOT_AFTER).plusSeconds(1);
    assertTrue(configOnB.openAt(at(599)));
    assertFalse(dhcpOnA.openAt(later));
    BootInProgress next = BootInProgress.startedAt(later);
    assertEquals(next, BootInProgress.merge(configOnB, next));
  }

  @Test
  void aLateDhcpRequestOfAFinishedBootChangesNothing() {
    BootInProgress late = BootInProgress.startedAt(at(4));
    assertEquals(loadedOnB, BootInProgress.merge(loadedOnB, late));
    assertEquals(loadedOnB, BootInProgress.merge(late, loadedOnB));
  }
}
