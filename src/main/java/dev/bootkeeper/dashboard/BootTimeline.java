package dev.bootkeeper.dashboard;

import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.BootStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Cuts one machine's event history into boots and lays a boot out on a time axis. */
public final class BootTimeline {

  /** A pause this long between two events starts a new boot. */
  static final Duration GAP = Duration.ofMinutes(10);

  /**
   * One event placed on the axis: offset from the boot's first event, and position in percent, and
   * the appliance that served it (empty on steps stored before nodes were named).
   */
  @io.quarkus.qute.TemplateData
  public record Step(
      String offset,
      double left,
      String protocol,
      String step,
      String detail,
      String outcome,
      String reason,
      String at,
      String node) {}

  private BootTimeline() {}

  /**
   * Splits events (oldest first) into boots, oldest first. A boot starts with a DHCP discover that
   * follows anything but another discover (firmware retries discovers), or after a long pause.
   */
  public static List<List<BootEvent>> boots(List<BootEvent> events) {
    List<List<BootEvent>> boots = new ArrayList<>();
    List<BootEvent> current = new ArrayList<>();
    BootEvent previous = null;
    for (BootEvent e : events) {
      boolean pause =
          previous != null && Duration.between(previous.at(), e.at()).compareTo(GAP) > 0;
      boolean restart =
          previous != null && isDiscover(e) && !isDiscover(previous) && !isEarlyDhcp(previous);
      if (!current.isEmpty() && (pause || restart)) {
        boots.add(current);
        current = new ArrayList<>();
      }
      current.add(e);
      previous = e;
    }
    if (!current.isEmpty()) {
      boots.add(current);
    }
    return boots;
  }

  /** The steps of one boot (oldest first) with their offsets and positions. */
  public static List<Step> layout(List<BootEvent> boot) {
    List<Step> steps = new ArrayList<>();
    if (boot.isEmpty()) {
      return steps;
    }
    long start = boot.get(0).at().toEpochMilli();
    long span = Math.max(1, boot.get(boot.size() - 1).at().toEpochMilli() - start);
    for (BootEvent e : boot) {
      long ms = e.at().toEpochMilli() - start;
      steps.add(
          new Step(
              offset(ms),
              Math.round(ms * 1000.0 / span) / 10.0,
              e.protocol().name(),
              e.step().label(),
              e.detail() == null ? "" : e.detail(),
              e.outcome().name().toLowerCase(Locale.ROOT),
              EventRow.reasonText(e),
              Times.clock(e.at()),
              e.node() == null ? "" : e.node()));
    }
    return steps;
  }

  static String offset(long ms) {
    if (ms < 1000) {
      return "+" + ms + " ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "+%.1f s", ms / 1000.0);
    }
    return String.format(Locale.ROOT, "+%d min %02d s", ms / 60_000, (ms / 1000) % 60);
  }

  private static boolean isDiscover(BootEvent e) {
    return e.step() == BootStep.DHCP_DISCOVER;
  }

  /** A discover after an offer is the same boot still collecting offers, not a new one. */
  private static boolean isEarlyDhcp(BootEvent e) {
    return e.step() == BootStep.DHCP_OFFER;
  }
}
