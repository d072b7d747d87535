package dev.bootkeeper.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.enterprise.inject.Vetoed;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The directory of several appliances: what DHCP saw here goes to the database once per change, and
 * what another node's DHCP saw is read from it once per address, not per request.
 */
class ClientDirectorySharedTest {

  static final MacAddress PXE = MacAddress.of("52:54:00:00:10:01");
  static final MacAddress OTHER = MacAddress.of("52:54:00:00:10:02");

  /** The database of the other nodes, in memory: counts what the directory asks and writes. */
  @Vetoed // the scope is inherited: without this, Quarkus tests would see two SharedClients beans
  static final class FakeShared extends SharedClients {
    final Map<InetAddress, MacAddress> rows = new HashMap<>();
    final List<String> published = new ArrayList<>();
    int lookups;

    FakeShared() {
      super(null, null);
    }

    @Override
    public boolean enabled() {
      return true;
    }

    @Override
    public void publish(InetAddress address, MacAddress mac) {
      published.add(address.getHostAddress() + "=" + mac.colon());
    }

    @Override
    public Optional<Sighting> lookup(InetAddress address) {
      lookups++;
      return Optional.ofNullable(rows.get(address))
          .map(m -> new Sighting(m, Duration.ofSeconds(5)));
    }
  }

  final AtomicLong now = new AtomicLong(1_000_000_000L);
  final FakeShared shared = new FakeShared();
  final ClientDirectory clients = new ClientDirectory(NeighbourTable.none(), shared, now::get);

  @Test
  void whatDhcpSawHereIsSharedOncePerChangeNotOncePerPacket() throws Exception {
    InetAddress at = InetAddress.getByName("198.18.7.100");
    clients.remember(at, PXE);
    clients.remember(at, PXE);
    clients.remember(at, PXE);
    assertEquals(List.of("198.18.7.100=" + PXE.colon()), shared.published);
    clients.remember(at, OTHER);
    assertEquals(2, shared.published.size(), "another machine took the address");
    now.addAndGet(ClientDirectory.REPUBLISH_AFTER.toNanos() + 1);
    clients.remember(at, OTHER);
    assertEquals(3, shared.published.size(), "written again now and then while it holds");
    assertEquals(0, shared.lookups, "what DHCP saw here needs no read");
  }

  @Test
  void aRequestFromAnAddressAnotherNodeSawIsFiledUnderItsMacWithOneRead() throws Exception {
    InetAddress at = InetAddress.getByName("198.18.7.101");
    shared.rows.put(at, PXE);
    assertEquals(Optional.of(PXE), clients.identify(at, "pxelinux.0").mac());
    assertEquals(Optional.of(PXE), clients.identify(at, "ldlinux.c32").mac());
    assertEquals(Optional.of(PXE), clients.identify(at, "vmlinuz").mac());
    assertEquals(1, shared.lookups, "one read per address, not per request");
    now.addAndGet(ClientDirectory.RECHECK_AFTER.toNanos() + 1);
    shared.rows.put(at, OTHER);
    assertEquals(
        Optional.of(OTHER),
        clients.identify(at, "pxelinux.0").mac(),
        "the address moved to another machine on another node");
    assertEquals(2, shared.lookups);
  }

  @Test
  void anUnknownAddressIsAskedAboutOncePerSecondAndNeverFromMemoryAlone() throws Exception {
    InetAddress at = InetAddress.getByName("198.18.7.102");
    for (int i = 0; i < 50; i++) {
      assertEquals(Optional.empty(), clients.identify(at, "pxelinux.0").mac());
    }
    assertEquals(1, shared.lookups, "a scan of unknown sources costs one read per address");
    now.addAndGet(ClientDirectory.MISS_FOR.toNanos() + 1);
    shared.rows.put(at, PXE);
    assertEquals(Optional.of(PXE), clients.identify(at, "pxelinux.0").mac());
    InetAddress other = InetAddress.getByName("198.18.7.103");
    shared.rows.put(other, OTHER);
    assertEquals(Optional.empty(), clients.identifyFromMemory(other, "pxelinux.0").mac());
    assertEquals(Optional.empty(), clients.macAt(other), "the event-loop look-up never reads");
    assertEquals(2, shared.lookups);
  }
}
