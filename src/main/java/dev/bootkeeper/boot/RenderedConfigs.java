package dev.bootkeeper.boot;

import dev.bootkeeper.store.StoreChanges;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The configs last rendered for each machine and format, kept until a host, a profile or a setting
 * changes ({@link StoreChanges}), as {@link HostRecords} keeps host records: what a machine is
 * served depends only on its host record, the profiles, the settings and the appliance's own
 * configuration, and custom templates are part of the profiles. A boot fetches its config several
 * times (UEFI probes, loaders retry) and a boot storm hundreds of times at once; with this, only
 * the first fetch after a change renders.
 *
 * <p>A config decided by a one-shot next boot is never kept: it changes with the boot in progress.
 */
@ApplicationScoped
public class RenderedConfigs {

  /** More machines than this between two inventory changes: start again, bounded. */
  static final int MAX_ENTRIES = 65_536;

  /** Which config: a machine's ({@code mac} set) or the one for an unknown caller. */
  record Key(Optional<MacAddress> mac, ConfigFormat format) {}

  /**
   * A config as rendered at one version of the hosts and the profiles.
   *
   * @param profile the profile that decided it; null for a generic config with no machine
   */
  record Entry(long hostsVersion, long profilesVersion, ProfileSpec profile, String text) {
    boolean current() {
      return hostsVersion == StoreChanges.version(StoreChanges.Area.HOSTS)
          && profilesVersion == StoreChanges.version(StoreChanges.Area.PROFILES);
    }
  }

  private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

  /** The versions of the hosts and the profiles at one moment. */
  record Versions(long hosts, long profiles) {

    /**
     * Read before what a render depends on: a change committed meanwhile then leaves the kept
     * render outdated at once.
     */
    static Versions now() {
      return new Versions(
          StoreChanges.version(StoreChanges.Area.HOSTS),
          StoreChanges.version(StoreChanges.Area.PROFILES));
    }
  }

  void keep(Key key, Versions versions, ProfileSpec profile, String text) {
    if (entries.size() >= MAX_ENTRIES && !entries.containsKey(key)) {
      entries.clear();
    }
    entries.put(key, new Entry(versions.hosts(), versions.profiles(), profile, text));
  }

  /** The config as last rendered, while nothing it depends on has changed since. */
  Optional<Entry> current(Key key) {
    Entry e = entries.get(key);
    return e != null && e.current() ? Optional.of(e) : Optional.empty();
  }
}
