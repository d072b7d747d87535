package dev.bootkeeper.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Measures how long machines take to boot, per profile: from the first DHCP request of a boot until
 * the machine asks for the last file of its profile (the last initrd, or the kernel). That is the
 * part of a boot the appliance serves, and the part a boot storm slows down. Published as the timer
 * {@code bootkeeper.boot.duration} tagged with the profile.
 */
@ApplicationScoped
public class BootProgress {

  /** A DHCP request this long after the last one starts a new boot. */
  static final Duration NEW_BOOT_AFTER = Duration.ofMinutes(10);

  static final int CAPACITY = 65_536;

  private record Boot(Instant started, String profile, String lastFile) {}

  private final MeterRegistry registry;
  private final Map<MacAddress, Boot> boots = new ConcurrentHashMap<>();
  private final List<Consumer<MacAddress>> loadedListeners = new CopyOnWriteArrayList<>();

  public BootProgress(MeterRegistry registry) {
    this.registry = registry;
  }

  /** DHCP saw the machine: the start of a boot, unless one is already under way. */
  public void dhcpSeen(MacAddress mac) {
    Instant now = Instant.now();
    boots.compute(
        mac,
        (m, b) ->
            b == null || b.started().isBefore(now.minus(NEW_BOOT_AFTER))
                ? new Boot(now, null, null)
                : b);
    if (boots.size() > CAPACITY) {
      boots.entrySet().removeIf(e -> e.getValue().started().isBefore(now.minus(NEW_BOOT_AFTER)));
    }
  }

  /** The machine got its config: from now on its profile's last file marks the end. */
  public void configServed(MacAddress mac, ProfileSpec profile) {
    List<String> files = profile.initrds();
    String last = files.isEmpty() ? profile.kernel() : files.get(files.size() - 1);
    boots.computeIfPresent(mac, (m, b) -> new Boot(b.started(), profile.name(), normalise(last)));
  }

  /** Called with the MAC of each machine that has asked for the last file of its profile. */
  public void onBootLoaded(Consumer<MacAddress> listener) {
    loadedListeners.add(listener);
  }

  /** The machine asked for a file; when it is the last one of its profile, the boot is timed. */
  public void fileRequested(MacAddress mac, String path) {
    Boot b = boots.get(mac);
    if (b == null || b.lastFile() == null || !b.lastFile().equals(path)) {
      return;
    }
    if (boots.remove(mac, b)) {
      Timer.builder("bootkeeper.boot.duration")
          .description("From a machine's first DHCP request to its request for its last boot file")
          .tag("profile", b.profile())
          .register(registry)
          .record(Duration.between(b.started(), Instant.now()));
      loadedListeners.forEach(l -> l.accept(mac));
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
