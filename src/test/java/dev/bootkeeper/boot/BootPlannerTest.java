package dev.bootkeeper.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bootkeeper.store.ProfileKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BootPlannerTest {

  static final MacAddress MAC = MacAddress.of("52:54:00:00:00:01");
  static final ProfileSpec DEFAULT =
      ProfileSpec.simple("local-disk", ProfileKind.LOCAL, null, List.of(), null);
  static final ProfileSpec A = ProfileSpec.simple("a", ProfileKind.LINUX, "k", List.of(), null);
  static final ProfileSpec B = ProfileSpec.simple("b", ProfileKind.LINUX, "k", List.of(), null);

  static ProfileSpec selecting(String name, Map<String, String> selector, int priority) {
    return new ProfileSpec(
        name,
        null,
        ProfileKind.LINUX,
        "k",
        List.of(),
        null,
        null,
        Optional.empty(),
        null,
        Map.of(),
        selector,
        priority,
        Optional.empty());
  }

  static HostSpec host(ProfileSpec profile, ProfileSpec next, Map<String, String> labels) {
    return new HostSpec(
        MAC,
        null,
        Optional.ofNullable(profile),
        Optional.ofNullable(next),
        labels,
        Optional.empty());
  }

  @Test
  void unknownMachineGetsTheDefault() {
    BootDecision d = BootPlanner.decide(Optional.empty(), List.of(), DEFAULT);
    assertEquals("local-disk", d.profile().name());
    assertEquals(BootDecision.Rule.DEFAULT, d.rule());
  }

  @Test
  void oneShotBeatsTheHostProfile() {
    BootDecision d = BootPlanner.decide(Optional.of(host(A, B, Map.of())), List.of(), DEFAULT);
    assertEquals("b", d.profile().name());
    assertEquals(BootDecision.Rule.NEXT_BOOT, d.rule());
  }

  @Test
  void hostProfileBeatsSelectors() {
    ProfileSpec rack = selecting("rack", Map.of("rack", "1"), 0);
    BootDecision d =
        BootPlanner.decide(Optional.of(host(A, null, Map.of("rack", "1"))), List.of(rack), DEFAULT);
    assertEquals("a", d.profile().name());
  }

  @Test
  void theMostSpecificSelectorWins() {
    ProfileSpec rack = selecting("rack", Map.of("rack", "1"), 100);
    ProfileSpec rackGpu = selecting("rack-gpu", Map.of("rack", "1", "gpu", "yes"), 0);
    ProfileSpec other = selecting("other", Map.of("rack", "2"), 0);
    HostSpec h = host(null, null, Map.of("rack", "1", "gpu", "yes", "os", "x"));
    BootDecision d = BootPlanner.decide(Optional.of(h), List.of(rack, other, rackGpu), DEFAULT);
    assertEquals("rack-gpu", d.profile().name());
    assertEquals(BootDecision.Rule.LABEL_SELECTOR, d.rule());
  }

  @Test
  void equalSpecificityIsDecidedByPriorityThenName() {
    ProfileSpec x = selecting("x", Map.of("rack", "1"), 0);
    ProfileSpec y = selecting("y", Map.of("rack", "1"), 5);
    ProfileSpec z = selecting("z", Map.of("rack", "1"), 5);
    HostSpec h = host(null, null, Map.of("rack", "1"));
    assertEquals(
        "y", BootPlanner.decide(Optional.of(h), List.of(z, x, y), DEFAULT).profile().name());
  }

  @Test
  void aSelectorNeedsEveryLabel() {
    ProfileSpec both = selecting("both", Map.of("rack", "1", "gpu", "yes"), 0);
    HostSpec h = host(null, null, Map.of("rack", "1"));
    assertEquals(
        BootDecision.Rule.DEFAULT,
        BootPlanner.decide(Optional.of(h), List.of(both), DEFAULT).rule());
  }
}
