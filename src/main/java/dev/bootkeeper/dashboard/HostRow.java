package dev.bootkeeper.dashboard;

import dev.bootkeeper.boot.BootDecision;
import dev.bootkeeper.store.Host;
import io.quarkus.qute.TemplateData;
import java.util.stream.Collectors;

/**
 * A host as the list shows it.
 *
 * @param profile the profile it boots now, by whichever rule
 * @param rule that rule: {@code one-shot}, {@code host}, {@code selector} or {@code default}
 */
@TemplateData
public record HostRow(
    String mac,
    String hostname,
    String ip,
    String profile,
    String rule,
    String nextBoot,
    String labels,
    String lastSeen,
    String lastSeenFull,
    boolean discovered) {

  public static HostRow of(Host h, BootDecision boots) {
    return new HostRow(
        h.mac,
        h.hostname == null ? "" : h.hostname,
        h.ip == null ? "" : h.ip,
        boots.profile().name(),
        ruleName(boots.rule()),
        h.nextBootProfile == null ? "" : h.nextBootProfile.name,
        h.labels.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .sorted()
            .collect(Collectors.joining(" ")),
        Times.ago(h.lastSeen),
        Times.full(h.lastSeen),
        h.discovered);
  }

  /** The rule as the list and its filter name it. */
  static String ruleName(BootDecision.Rule rule) {
    return switch (rule) {
      case NEXT_BOOT -> "one-shot";
      case HOST_PROFILE -> "host";
      case LABEL_SELECTOR -> "selector";
      case DEFAULT -> "default";
    };
  }
}
