package dev.bootkeeper.boot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which profile a client boots. Pure: the caller passes in everything the store knows.
 *
 * <p>Order: the host's one-shot next boot, then the host's own profile, then label selectors (the
 * most specific match wins, as in Matchbox groups: more matching labels beat fewer; then the higher
 * priority; then the name, so that the answer never depends on database order), then the default.
 */
public final class BootPlanner {

  private static final Comparator<ProfileSpec> MOST_SPECIFIC_FIRST =
      Comparator.<ProfileSpec>comparingInt(p -> p.selector().size())
          .reversed()
          .thenComparing(Comparator.comparingInt(ProfileSpec::selectorPriority).reversed())
          .thenComparing(ProfileSpec::name);

  private BootPlanner() {}

  public static BootDecision decide(
      Optional<HostSpec> host, List<ProfileSpec> selectorProfiles, ProfileSpec defaultProfile) {
    List<String> considered = new ArrayList<>();
    if (host.isEmpty()) {
      considered.add("no host record for this MAC");
    } else {
      HostSpec h = host.get();
      if (h.nextBoot().isPresent()) {
        ProfileSpec p = h.nextBoot().get();
        considered.add("one-shot next boot: " + p.name());
        return new BootDecision(
            p,
            BootDecision.Rule.NEXT_BOOT,
            "the host has a one-shot next boot of profile '" + p.name() + "'",
            considered);
      }
      considered.add("no one-shot next boot");
      if (h.profile().isPresent()) {
        ProfileSpec p = h.profile().get();
        considered.add("host profile: " + p.name());
        return new BootDecision(
            p,
            BootDecision.Rule.HOST_PROFILE,
            "the host record assigns profile '" + p.name() + "'",
            considered);
      }
      considered.add("no profile assigned to the host");
    }
    Map<String, String> labels = host.map(HostSpec::labels).orElse(Map.of());
    Optional<ProfileSpec> bySelector =
        selectorProfiles.stream()
            .filter(p -> !p.selector().isEmpty() && matches(p.selector(), labels))
            .min(MOST_SPECIFIC_FIRST);
    if (bySelector.isPresent()) {
      ProfileSpec p = bySelector.get();
      considered.add("label selector " + p.selector() + " of profile " + p.name() + " matches");
      return new BootDecision(
          p,
          BootDecision.Rule.LABEL_SELECTOR,
          "the host's labels "
              + labels
              + " match the selector "
              + p.selector()
              + " of profile '"
              + p.name()
              + "' (the most specific match)",
          considered);
    }
    considered.add(labels.isEmpty() ? "no labels to match" : "no label selector matches " + labels);
    return new BootDecision(
        defaultProfile,
        BootDecision.Rule.DEFAULT,
        "no rule applies, so the default profile '" + defaultProfile.name() + "' is used",
        considered);
  }

  static boolean matches(Map<String, String> selector, Map<String, String> labels) {
    return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }
}
