package dev.bootkeeper.boot;

import java.util.List;

/**
 * Which profile a client boots, which rule chose it, and why, in words an admin can read.
 *
 * @param considered every rule that was looked at, in order, with what it said
 */
public record BootDecision(ProfileSpec profile, Rule rule, String reason, List<String> considered) {

  /** The rules, in the order they are tried. */
  public enum Rule {
    /** The host's one-shot next-boot profile (used once, then cleared). */
    NEXT_BOOT,
    /** The profile assigned to the host. */
    HOST_PROFILE,
    /** The most specific profile whose label selector the host's labels satisfy. */
    LABEL_SELECTOR,
    /** The default for machines nobody configured. */
    DEFAULT
  }

  public BootDecision {
    considered = List.copyOf(considered);
  }

  public boolean usesNextBoot() {
    return rule == Rule.NEXT_BOOT;
  }
}
