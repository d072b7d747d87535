package dev.bootkeeper.boot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Keeps floods of anonymous failures (not found, refused, bad requests, busy, timeouts over TFTP,
 * HTTP and NBD) from filling the log and the boot-event table. Within each window, a client
 * address's first failures for one file, its first failures overall, and the first failures of all
 * clients together are kept; the rest are counted, and when the window ends each client whose
 * failures were held back gets one summary event ("N more ... suppressed"), so the trace still says
 * what happened and how much. Any anyone can send such a request, without a login and from a forged
 * address over UDP, so the table of clients is bounded too.
 *
 * <p>Budgets are generous for real boots: pxelinux probes about ten config names that do not exist,
 * GRUB a few dozen, each once. Thread-safe: publishers call from every protocol's threads.
 */
public final class FailureThrottle {

  /** The reasons anyone can cause without a login; failures of a real boot mostly are others. */
  public static final Set<FailureReason> THROTTLED =
      Collections.unmodifiableSet(
          EnumSet.of(
              FailureReason.NOT_FOUND,
              FailureReason.ACCESS_DENIED,
              FailureReason.READ_ONLY,
              FailureReason.BAD_REQUEST,
              FailureReason.BUSY,
              FailureReason.OPTION_REFUSED,
              FailureReason.TIMEOUT));

  public static final Set<BootEvent.Protocol> PROTOCOLS =
      Collections.unmodifiableSet(
          EnumSet.of(BootEvent.Protocol.TFTP, BootEvent.Protocol.HTTP, BootEvent.Protocol.NBD));

  /** Client addresses tracked per window; failures of further addresses count as "others". */
  static final int MAX_CLIENTS = 10_000;

  /** Settings, in the units the throttle counts in. */
  public record Limits(Duration window, int perFile, int perClient, int total) {}

  private record ClientKey(BootEvent.Protocol protocol, String ip) {}

  private record FileKey(ClientKey client, FailureReason reason, String file) {}

  /** What one client had held back in this window. */
  private static final class Held {
    final BootEvent first;
    final Map<FailureReason, Long> byReason = new EnumMap<>(FailureReason.class);

    Held(BootEvent first) {
      this.first = first;
    }

    long total() {
      return byReason.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private final Limits limits;
  private final LongSupplier nanoClock;
  private final Map<BootEvent.Protocol, Map<FailureReason, LongAdder>> suppressed =
      new EnumMap<>(BootEvent.Protocol.class);

  private long windowStart;
  private int keptInWindow;
  private final Map<ClientKey, Integer> keptPerClient = new HashMap<>();
  private final Map<FileKey, Integer> keptPerFile = new HashMap<>();
  private final Map<ClientKey, Held> held = new LinkedHashMap<>();
  private final Map<BootEvent.Protocol, Held> heldFromOthers =
      new EnumMap<>(BootEvent.Protocol.class);

  public FailureThrottle(Limits limits, LongSupplier nanoClock) {
    this.limits = limits;
    this.nanoClock = nanoClock;
    this.windowStart = nanoClock.getAsLong();
    for (BootEvent.Protocol p : PROTOCOLS) {
      Map<FailureReason, LongAdder> m = new EnumMap<>(FailureReason.class);
      THROTTLED.forEach(r -> m.put(r, new LongAdder()));
      suppressed.put(p, m);
    }
  }

  /** Whether the event is one this throttle counts. */
  public static boolean applies(BootEvent e) {
    return e.outcome() != BootEvent.Outcome.OK
        && e.reason() != null
        && THROTTLED.contains(e.reason())
        && PROTOCOLS.contains(e.protocol());
  }

  /**
   * True when the event is to be logged and stored; false when it is only counted. Events this
   * throttle does not apply to are always kept.
   */
  public boolean keep(BootEvent e) {
    // Successes, the bulk of a boot storm, never take the lock.
    return !applies(e) || keepFailure(e);
  }

  private synchronized boolean keepFailure(BootEvent e) {
    ClientKey client = new ClientKey(e.protocol(), e.ip());
    FileKey file = new FileKey(client, e.reason(), e.facts().file());
    int forClient = keptPerClient.getOrDefault(client, 0);
    int forFile = keptPerFile.getOrDefault(file, 0);
    boolean known = keptPerClient.containsKey(client) || held.containsKey(client);
    boolean room = known || keptPerClient.size() + held.size() < MAX_CLIENTS;
    if (room
        && keptInWindow < limits.total()
        && forClient < limits.perClient()
        && forFile < limits.perFile()) {
      keptInWindow++;
      keptPerClient.put(client, forClient + 1);
      if (keptPerFile.size() < MAX_CLIENTS * 4) {
        keptPerFile.put(file, forFile + 1);
      }
      return true;
    }
    suppressed.get(e.protocol()).get(e.reason()).increment();
    if (room) {
      held.computeIfAbsent(client, c -> new Held(e)).byReason.merge(e.reason(), 1L, Long::sum);
    } else {
      heldFromOthers
          .computeIfAbsent(e.protocol(), p -> new Held(e))
          .byReason
          .merge(e.reason(), 1L, Long::sum);
    }
    return false;
  }

  /**
   * When the window is over: one summary event per client that had failures held back (and one per
   * protocol for the clients beyond the table), and a new window. Empty before that.
   */
  public synchronized List<BootEvent> endWindow() {
    long now = nanoClock.getAsLong();
    if (now - windowStart < limits.window().toNanos()) {
      return List.of();
    }
    List<BootEvent> summaries = new ArrayList<>();
    String window = describe(limits.window());
    held.forEach(
        (client, h) ->
            summaries.add(
                new BootEvent(
                    Instant.now(),
                    null,
                    client.ip(),
                    null,
                    client.protocol(),
                    h.first.step(),
                    BootEvent.Outcome.INFO,
                    h.first.reason(),
                    String.format(
                        Locale.ROOT,
                        "%d more failures from this client suppressed in the last %s (%s)",
                        h.total(),
                        window,
                        reasons(h.byReason)),
                    BootEvent.Facts.NONE)));
    heldFromOthers.forEach(
        (protocol, h) ->
            summaries.add(
                new BootEvent(
                    Instant.now(),
                    null,
                    null,
                    null,
                    protocol,
                    h.first.step(),
                    BootEvent.Outcome.INFO,
                    h.first.reason(),
                    String.format(
                        Locale.ROOT,
                        "%d more failures from other clients suppressed in the last %s (%s)",
                        h.total(),
                        window,
                        reasons(h.byReason)),
                    BootEvent.Facts.NONE)));
    windowStart = now;
    keptInWindow = 0;
    keptPerClient.clear();
    keptPerFile.clear();
    held.clear();
    heldFromOthers.clear();
    return summaries;
  }

  /** Failures counted but neither logged nor stored since start, for the metrics. */
  public long suppressed(BootEvent.Protocol protocol, FailureReason reason) {
    Map<FailureReason, LongAdder> m = suppressed.get(protocol);
    LongAdder a = m == null ? null : m.get(reason);
    return a == null ? 0 : a.sum();
  }

  private static String reasons(Map<FailureReason, Long> byReason) {
    return byReason.entrySet().stream()
        .map(
            e -> e.getKey().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static String describe(Duration d) {
    return d.toSeconds() % 60 == 0 && d.toSeconds() >= 60
        ? d.toMinutes() + " min"
        : d.toSeconds() + " s";
  }
}
