package dev.bootkeeper.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientDirectoryTest {

  static final MacAddress LEARNED = MacAddress.of("52:54:00:00:00:01");
  static final MacAddress NAMED = MacAddress.of("52:54:00:00:00:02");

  @Test
  void whatDhcpLearnedComesBeforeTheNameInThePath() throws Exception {
    InetAddress at = InetAddress.getByName("192.0.2.7");
    ClientDirectory clients = new ClientDirectory();
    clients.remember(at, LEARNED);
    assertEquals(
        Optional.of(LEARNED), clients.identify(at, "pxelinux.cfg/01-52-54-00-00-00-02").mac());
  }

  @Test
  void aConfigNameSpellingAMacIdentifiesAClientDhcpNeverSaw() throws Exception {
    InetAddress at = InetAddress.getByName("192.0.2.8");
    ClientDirectory clients = new ClientDirectory();
    assertEquals(
        Optional.of(NAMED), clients.identify(at, "/bios/pxelinux.cfg/01-52-54-00-00-00-02").mac());
    assertEquals(
        Optional.of(NAMED), clients.identify(at, "grub/grub.cfg-01-52-54-00-00-00-02").mac());
    assertEquals(Optional.empty(), clients.identify(at, "pxelinux.cfg/default").mac());
    assertEquals(Optional.empty(), clients.identify(at, "pxelinux.0").mac());
    assertEquals(
        Optional.empty(), clients.identify(at, "../pxelinux.cfg/01-52-54-00-00-00-02").mac());
  }
}
