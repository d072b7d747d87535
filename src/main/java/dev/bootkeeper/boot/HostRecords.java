package dev.bootkeeper.boot;

import dev.bootkeeper.store.Host;
import dev.bootkeeper.store.StoreChanges;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The host records that the boot path reads for every DHCP answer and every config fetch, kept per
 * MAC until a host, a profile or a setting changes ({@link StoreChanges}). A boot asks for the same
 * record a dozen times (DISCOVER, REQUEST, proxyDHCP, the config, each retry), and a boot storm
 * asks for hundreds at once: with this, each machine costs one query per change of the inventory
 * instead of one per packet.
 *
 * <p>Only the boot path reads through here. The dashboard and the API read the store directly,
 * inside their own transactions, so that what an admin just changed and not yet committed shows in
 * the same request.
 */
@ApplicationScoped
public class HostRecords {

  /** More distinct machines than this between two inventory changes: start again, bounded. */
  static final int MAX_ENTRIES = 65_536;

  /** What one machine's record says, as read at one version of the hosts and the profiles. */
  record Entry(
      long hostsVersion,
      long profilesVersion,
      Optional<HostSpec> spec,
      List<DhcpOptionSpec> dhcpOptions) {}

  private final Map<MacAddress, Entry> entries = new ConcurrentHashMap<>();

  /** The machine's host record as a spec, or empty for a MAC the inventory does not know. */
  public Optional<HostSpec> spec(MacAddress mac) {
    return entry(mac).spec();
  }

  /** The DHCP options set on the machine's own host record. */
  public List<DhcpOptionSpec> dhcpOptions(MacAddress mac) {
    return entry(mac).dhcpOptions();
  }

  private Entry entry(MacAddress mac) {
    long hosts = StoreChanges.version(StoreChanges.Area.HOSTS);
    long profiles = StoreChanges.version(StoreChanges.Area.PROFILES);
    Entry e = entries.get(mac);
    if (e != null && e.hostsVersion() == hosts && e.profilesVersion() == profiles) {
      return e;
    }
    Entry read = QuarkusTransaction.joiningExisting().call(() -> read(mac, hosts, profiles));
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear();
    }
    entries.put(mac, read);
    return read;
  }

  private static Entry read(MacAddress mac, long hosts, long profiles) {
    Optional<Host> host = Host.byMac(mac.colon());
    return new Entry(
        hosts,
        profiles,
        host.map(h -> BootService.spec(h, ProfileSpecs::from)),
        host.map(h -> h.dhcpOptions).map(DhcpOptionSpec::fromJson).orElse(List.of()));
  }
}
