package dev.bootkeeper.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientDirectoryTest {

  static final MacAddress LEARNED = MacAddress.of("52:54:00:00:00:01");
  static final MacAddress NAMED = MacAddress.of("52:54:00:00:00:02");
  static final MacAddress NEIGHBOUR = MacAddress.of("52:54:00:00:00:03");

  /** /proc/net/arp as the kernel writes it: one complete entry, one incomplete (flags 0x0). */
  static final List<String> ARP =
      List.of(
          "IP address       HW type     Flags       HW address            Mask     Device",
          "192.0.2.9        0x1         0x2         52:54:00:00:00:03     *        br0",
          "192.0.2.10       0x1         0x0         00:00:00:00:00:00     *        br0");

  @TempDir Path dir;

  @Test
  void aMacTheRequestNamesIsNeverOverriddenByWhatDhcpSawAtTheAddress() throws Exception {
    InetAddress at = InetAddress.getByName("192.0.2.7");
    ClientDirectory clients = new ClientDirectory();
    clients.remember(at, LEARNED);
    assertEquals(
        Optional.of(NAMED), clients.identify(at, "pxelinux.cfg/01-52-54-00-00-00-02").mac());
    assertEquals(
        Optional.of(NAMED),
        clients.identify(new BootClient(at, Optional.of(NAMED)), "pxelinux.0").mac(),
        "an HTTP query or cookie names the machine");
    assertEquals(Optional.of(LEARNED), clients.identify(at, "pxelinux.0").mac());
  }

  @Test
  void aConfigNameSpellingAMacIdentifiesAClientDhcpNeverSaw() throws Exception {
    InetAddress at = InetAddress.getByName("192.0.2.8");
    ClientDirectory clients = new ClientDirectory();
    assertEquals(
        Optional.of(NAMED), clients.identify(at, "/bios/pxelinux.cfg/01-52-54-00-00-00-02").mac());
    assertEquals(
        Optional.of(NAMED), clients.identify(at, "grub/grub.cfg-01-52-54-00-00-00-02").mac());
    InetAddress fresh = InetAddress.getByName("192.0.2.14");
    assertEquals(Optional.empty(), clients.identify(fresh, "pxelinux.cfg/default").mac());
    assertEquals(Optional.empty(), clients.identify(fresh, "pxelinux.0").mac());
    assertEquals(
        Optional.empty(), clients.identify(fresh, "../pxelinux.cfg/01-52-54-00-00-00-02").mac());
  }

  @Test
  void whatDhcpSawExpiresAndTheNeighbourTableAnswersForClientsDhcpNeverSaw() throws Exception {
    Path arp = dir.resolve("arp");
    Files.write(arp, ARP);
    AtomicLong now = new AtomicLong(0);
    ClientDirectory clients = new ClientDirectory(new NeighbourTable(arp), now::get);
    InetAddress at = InetAddress.getByName("192.0.2.9");
    clients.remember(at, LEARNED);
    assertEquals(Optional.of(LEARNED), clients.identify(at, "vmlinuz").mac(), "DHCP first");
    now.addAndGet(ClientDirectory.STALE_AFTER.toNanos() + 1);
    assertEquals(
        Optional.of(NEIGHBOUR),
        clients.identify(at, "vmlinuz").mac(),
        "a stale DHCP mapping gives way to the kernel's neighbour table");
    assertEquals(
        Optional.empty(),
        clients.identify(InetAddress.getByName("192.0.2.10"), "vmlinuz").mac(),
        "an incomplete neighbour entry names no one");
    assertEquals(
        Optional.empty(), clients.identify(InetAddress.getByName("192.0.2.11"), "vmlinuz").mac());
  }

  @Test
  void theFilesAfterAConfigNameFollowItsMacForAFewMinutesOnly() throws Exception {
    AtomicLong now = new AtomicLong(0);
    ClientDirectory clients = new ClientDirectory(NeighbourTable.none(), now::get);
    InetAddress at = InetAddress.getByName("192.0.2.12");
    clients.identify(at, "pxelinux.cfg/01-52-54-00-00-00-02");
    assertEquals(Optional.of(NAMED), clients.identify(at, "debian/vmlinuz").mac());
    assertEquals(
        Optional.empty(),
        clients.identifyFirmly(BootClient.at(at)).mac(),
        "a caller's own boot script is never rendered on a hint");
    clients.remember(at, LEARNED);
    assertEquals(
        Optional.of(LEARNED), clients.identify(at, "debian/vmlinuz").mac(), "DHCP knows better");
    InetAddress other = InetAddress.getByName("192.0.2.13");
    clients.identify(other, "pxelinux.cfg/01-52-54-00-00-00-02");
    now.addAndGet(ClientDirectory.NAME_HINT_FOR.toNanos() + 1);
    assertEquals(Optional.empty(), clients.identify(other, "debian/vmlinuz").mac());
  }

  @Test
  void theNeighbourTableReadsTheKernelsFormat() {
    assertEquals(Optional.of(NEIGHBOUR), NeighbourTable.find(ARP, "192.0.2.9"));
    assertEquals(Optional.empty(), NeighbourTable.find(ARP, "192.0.2.10"));
    assertEquals(Optional.empty(), NeighbourTable.find(List.of(), "192.0.2.9"));
    assertEquals(Optional.empty(), NeighbourTable.none().macOf(null));
  }
}
