package dev.bootkeeper.dashboard;

import dev.bootkeeper.boot.BootEvent;
import io.quarkus.qute.TemplateData;
import java.util.Locale;

/** A boot event as a table row shows it. */
@TemplateData
public record EventRow(
    String at,
    String clock,
    String iso,
    String mac,
    String ip,
    String protocol,
    String step,
    String detail,
    String outcome,
    String reason,
    String node) {

  public static EventRow of(BootEvent e) {
    return new EventRow(
        Times.full(e.at()),
        Times.clock(e.at()),
        Times.iso(e.at()),
        e.mac() == null ? "" : e.mac(),
        e.ip() == null ? "" : e.ip(),
        e.protocol().name(),
        e.step().label(),
        e.detail() == null ? "" : e.detail(),
        e.outcome().name().toLowerCase(Locale.ROOT),
        reasonText(e),
        e.node() == null ? "" : e.node());
  }

  /** The failure reason as a page shows it ({@code not-found}), or empty. */
  static String reasonText(BootEvent e) {
    return e.reason() == null ? "" : e.reason().name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
