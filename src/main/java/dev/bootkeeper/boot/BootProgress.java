package dev.bootkeeper.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Follows each machine's boot from its first DHCP request until it asks for the last file of its
 * profile (the last initrd, or the kernel): the part of a boot the appliance serves, and the part a
 * boot storm slows down. The node that serves that last file times the boot (the timer {@code
 * bootkeeper.boot.duration}, tagged with the profile) and every node hears that it ended, which
 * ends a one-shot boot's grace ({@link #onBootLoaded}).
 *
 * <p>Several appliances on one database see one boot: what each node learns is shared through
 * {@link SharedBootProgress}, and what the others learnt comes back into this node's view. The TFTP
 * and HTTP paths ({@link #fileRequested}) only read that view; the database is read for one machine
 * only when this node serves a config for a boot it has not heard of yet.
 */
@ApplicationScoped
public class BootProgress {

  static final int CAPACITY = 65_536;

  private record Fetch(String path, Instant at) {}

  private final MeterRegistry registry;
  private final SharedBootProgress shared;
  private final Map<MacAddress, BootInProgress> boots = new ConcurrentHashMap<>();

  /**
   * The last file each machine asked for: when another node's config arrives here after this node
   * already served its last file (a config and a kernel fetched from two nodes within
   * milliseconds), the boot still ends here.
   */
  private final Map<MacAddress, Fetch> lastFetch = new ConcurrentHashMap<>();

  private final List<Consumer<MacAddress>> loadedListeners = new CopyOnWriteArrayList<>();

  /** A node of its own: knows what it saw itself. */
  public BootProgress(MeterRegistry registry) {
    this(registry, SharedBootProgress.NONE);
  }

  @Inject
  public BootProgress(MeterRegistry registry, SharedBootProgress shared) {
    this.registry = registry;
    this.shared = shared;
    shared.onLearnt(this::learnt);
  }

  /** DHCP saw the machine: the start of a boot, unless one is already under way. */
  public void dhcpSeen(MacAddress mac) {
    Instant now = Instant.now();
    BootInProgress b = boots.get(mac);
    if (b != null && b.openAt(now)) {
      return;
    }
    BootInProgress started = BootInProgress.startedAt(now);
    boots.merge(mac, started, BootInProgress::merge);
    shared.publish(mac, started);
    if (boots.size() > CAPACITY) {
      boots.entrySet().removeIf(e -> !e.getValue().openAt(now));
    }
  }

  /** The machine got its config: from now on its profile's last file marks the end. */
  public void configServed(MacAddress mac, ProfileSpec profile) {
    Instant now = Instant.now();
    Optional<BootInProgress> under = Optional.ofNullable(boots.get(mac)).filter(b -> b.openAt(now));
    if (under.isEmpty()) {
      // DHCP may have gone to another node a moment ago, faster than its news.
      under = shared.lookup(mac).filter(b -> b.openAt(now));
    }
    if (under.isEmpty()) {
      return;
    }
    List<String> files = profile.initrds();
    String last = normalise(files.isEmpty() ? profile.kernel() : files.get(files.size() - 1));
    BootInProgress configured = under.get().configured(profile.name(), last, now);
    boots.merge(mac, configured, BootInProgress::merge);
    shared.publish(mac, configured);
  }

  /**
   * Called with the MAC of each machine whose boot asked for the last file of its profile, on
   * whichever node served it.
   */
  public void onBootLoaded(Consumer<MacAddress> listener) {
    loadedListeners.add(listener);
  }

  /** The machine asked for a file; when it is the last one of its profile, the boot is timed. */
  public void fileRequested(MacAddress mac, String path) {
    Instant now = Instant.now();
    BootInProgress b = boots.get(mac);
    if (b == null || b.isFinished() || b.lastFile() == null || !b.lastFile().equals(path)) {
      if (shared.enabled()) {
        if (lastFetch.size() >= CAPACITY) {
          lastFetch.clear();
        }
        lastFetch.put(mac, new Fetch(path, now));
      }
      return;
    }
    finish(mac, b, now);
  }

  /** Ends the boot here, once: whichever thread gets there first times it. */
  private void finish(MacAddress mac, BootInProgress b, Instant at) {
    BootInProgress done = b.finished(at);
    if (!boots.replace(mac, b, done)) {
      return;
    }
    lastFetch.remove(mac);
    Timer.builder("bootkeeper.boot.duration")
        .description("From a machine's first DHCP request to its request for its last boot file")
        .tag("profile", b.profile())
        .register(registry)
        .record(Duration.between(b.started(), at));
    shared.publish(mac, done);
    loadedListeners.forEach(l -> l.accept(mac));
  }

  /**
   * What the database says about a machine's boot (another node's news, or what this node's writer
   * stored): folded into this node's view. A boot another node ended ends here too; a boot whose
   * last file this node already served ends now.
   */
  void learnt(MacAddress mac, BootInProgress stored) {
    Instant now = Instant.now();
    BootInProgress before;
    BootInProgress after;
    do {
      before = boots.get(mac);
      if (before == null && !stored.openAt(now)) {
        return;
      }
      after = BootInProgress.merge(before, stored);
      if (after.equals(before)) {
        return;
      }
    } while (before == null
        ? boots.putIfAbsent(mac, after) != null
        : !boots.replace(mac, before, after));
    if (after.isFinished()) {
      if (before != null && !before.isFinished()) {
        loadedListeners.forEach(l -> l.accept(mac));
      }
      return;
    }
    Fetch f = lastFetch.get(mac);
    if (f != null
        && after.lastFile() != null
        && after.lastFile().equals(f.path())
        && !f.at().isBefore(after.started())) {
      finish(mac, after, f.at());
    }
  }

  private static String normalise(String ref) {
    if (ref == null) {
      return null;
    }
    ImageRoot.Normalised n = ImageRoot.normalise(ref);
    return n instanceof ImageRoot.Normalised.Ok ok ? ok.path() : null;
  }
}
