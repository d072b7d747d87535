package dev.bootkeeper.dashboard;

import dev.bootkeeper.store.Host;
import io.quarkus.qute.TemplateData;
import java.util.stream.Collectors;

/** A host as the list shows it. */
@TemplateData
public record HostRow(
    String mac,
    String hostname,
    String ip,
    String profile,
    String nextBoot,
    String labels,
    String lastSeen,
    String lastSeenFull,
    boolean discovered) {

  public static HostRow of(Host h) {
    return new HostRow(
        h.mac,
        h.hostname == null ? "" : h.hostname,
        h.ip == null ? "" : h.ip,
        h.profile == null ? "" : h.profile.name,
        h.nextBootProfile == null ? "" : h.nextBootProfile.name,
        h.labels.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .sorted()
            .collect(Collectors.joining(" ")),
        Times.ago(h.lastSeen),
        Times.full(h.lastSeen),
        h.discovered);
  }
}
