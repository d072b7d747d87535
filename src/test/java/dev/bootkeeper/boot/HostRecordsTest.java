package dev.bootkeeper.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.inventory.HostService;
import dev.bootkeeper.store.Host;
import dev.bootkeeper.store.Profile;
import dev.bootkeeper.store.ProfileKind;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The boot path reads host records through a cache: every way the inventory changes a host must
 * show in the very next DHCP answer or config fetch, including the bulk updates that bypass the
 * entities' callbacks.
 */
@QuarkusTest
class HostRecordsTest {

  private static final AtomicInteger NEXT = new AtomicInteger(0x40);

  @Inject HostRecords records;
  @Inject HostService hosts;

  static MacAddress mac() {
    return MacAddress.of(String.format("02:5e:00:00:91:%02x", NEXT.getAndIncrement()));
  }

  static String profile(String name) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              if (Profile.byName(name).isEmpty()) {
                Profile p = new Profile();
                p.name = name;
                p.kind = ProfileKind.LOCAL;
                p.persist();
              }
            });
    return name;
  }

  static void host(MacAddress mac, String profileName) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              Host h = new Host();
              h.mac = mac.colon();
              h.profile = Profile.byName(profileName).orElseThrow();
              h.persist();
            });
  }

  static String profileOf(HostRecords records, MacAddress mac) {
    return records.spec(mac).orElseThrow().profile().orElseThrow().name();
  }

  @Test
  void anUnknownMachineThatAppearsIsSeenAtOnce() {
    MacAddress m = mac();
    assertTrue(records.spec(m).isEmpty());
    host(m, profile("records-a"));
    assertEquals("records-a", profileOf(records, m));
  }

  @Test
  void anEntityChangeAndADeleteShowInTheNextRead() {
    MacAddress m = mac();
    host(m, profile("records-a"));
    assertEquals("records-a", profileOf(records, m));
    profile("records-b");
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                Host.byMac(m.colon()).orElseThrow().profile =
                    Profile.byName("records-b").orElseThrow());
    assertEquals("records-b", profileOf(records, m));
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                Host.byMac(m.colon()).orElseThrow().dhcpOptions =
                    DhcpOptionSpec.toJson(List.of(new DhcpOptionSpec("mtu", null, "1400", null))));
    assertEquals("1400", records.dhcpOptions(m).get(0).value());
    QuarkusTransaction.requiringNew().run(() -> Host.byMac(m.colon()).orElseThrow().delete());
    assertTrue(records.spec(m).isEmpty());
    assertTrue(records.dhcpOptions(m).isEmpty());
  }

  @Test
  void bulkChangesFromTheHostsListShowInTheNextRead() {
    MacAddress m = mac();
    host(m, profile("records-a"));
    assertEquals("records-a", profileOf(records, m));
    hosts.bootProfile(Set.of(m.colon()), profile("records-b"));
    assertEquals("records-b", profileOf(records, m));
    hosts.bootOnce(Set.of(m.colon()), profile("records-c"));
    assertEquals("records-c", records.spec(m).orElseThrow().nextBoot().orElseThrow().name());
    hosts.clearNextBoot(Set.of(m.colon()));
    assertTrue(records.spec(m).orElseThrow().nextBoot().isEmpty());
  }

  @Test
  void aProfileChangeShowsInTheHostsSpec() {
    MacAddress m = mac();
    String name = profile("records-d");
    host(m, name);
    assertEquals(ProfileKind.LOCAL, records.spec(m).orElseThrow().profile().orElseThrow().kind());
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              Profile p = Profile.byName(name).orElseThrow();
              p.kind = ProfileKind.LINUX;
              p.kernel = "records/vmlinuz";
            });
    assertEquals("records/vmlinuz", records.spec(m).orElseThrow().profile().orElseThrow().kernel());
  }
}
