package dev.bootkeeper.boot;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One machine's boot as far as the appliances know it: when it started (the first DHCP request any
 * node saw), the last file of the profile it was served (once a config was served), and when a node
 * saw it fetch that file.
 *
 * <p>What each node learns is a fact of this same shape (a DHCP request: a boot that started then;
 * a config: a boot with that last file; the last file: a finished boot), and {@link #merge} folds
 * any two into what both together say. The merge is commutative and idempotent, so the nodes and
 * the database may hear the facts in any order, and more than once, and still agree.
 *
 * @param started the first DHCP request of the boot
 * @param profile the profile whose config was last served, or null
 * @param lastFile that profile's last file (normalised path), or null
 * @param configuredAt when that config was served, or null
 * @param finishedAt when the machine asked for its last file, or null while it has not
 */
public record BootInProgress(
    Instant started, String profile, String lastFile, Instant configuredAt, Instant finishedAt) {

  /** A DHCP request this long after the start of an unfinished boot starts a new boot. */
  public static final Duration NEW_BOOT_AFTER = Duration.ofMinutes(10);

  public BootInProgress {
    Objects.requireNonNull(started, "started");
  }

  /** A boot that started with a DHCP request at {@code at}. */
  public static BootInProgress startedAt(Instant at) {
    return new BootInProgress(at, null, null, null, null);
  }

  /** The same boot, served the config of {@code profile}, whose last file is {@code lastFile}. */
  public BootInProgress configured(String profile, String lastFile, Instant at) {
    return new BootInProgress(started, profile, lastFile, at, finishedAt);
  }

  /** The same boot, finished at {@code at}. */
  public BootInProgress finished(Instant at) {
    return new BootInProgress(started, profile, lastFile, configuredAt, at);
  }

  public boolean isFinished() {
    return finishedAt != null;
  }

  /** Whether a DHCP request at {@code at} still belongs to this boot. */
  public boolean openAt(Instant at) {
    return !isFinished() && !at.isAfter(end());
  }

  /** The boot's end: when it finished, else when a DHCP request would start a new one. */
  private Instant end() {
    return finishedAt != null ? finishedAt : started.plus(NEW_BOOT_AFTER);
  }

  /** Whether the two describe one boot: each started before the other ended. */
  public boolean sameBoot(BootInProgress other) {
    return !other.started.isAfter(end()) && !started.isAfter(other.end());
  }

  /**
   * What the two facts say together: of two boots, the later; of one boot, the earliest start, the
   * latest config served, and the first finish seen.
   */
  public static BootInProgress merge(BootInProgress a, BootInProgress b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    if (!a.sameBoot(b)) {
      return a.started.isAfter(b.started) ? a : b;
    }
    Instant started = a.started.isBefore(b.started) ? a.started : b.started;
    BootInProgress config = laterConfig(a, b);
    Instant finished = earlier(a.finishedAt, b.finishedAt);
    return new BootInProgress(
        started, config.profile, config.lastFile, config.configuredAt, finished);
  }

  private static BootInProgress laterConfig(BootInProgress a, BootInProgress b) {
    if (a.configuredAt == null) {
      return b;
    }
    if (b.configuredAt == null) {
      return a;
    }
    return b.configuredAt.isAfter(a.configuredAt) ? b : a;
  }

  private static Instant earlier(Instant a, Instant b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    return a.isBefore(b) ? a : b;
  }
}
