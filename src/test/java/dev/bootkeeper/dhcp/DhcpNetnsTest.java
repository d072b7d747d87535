package dev.bootkeeper.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real clients against the server on a private network: namespace S holds a bridge with the server
 * address 198.18.0.1 and runs the server in a child JVM; namespace C holds the clients (udhcpc,
 * dhclient, the firmware-fixture probe); namespace D runs dnsmasq for proxy mode. All three are
 * created here and deleted afterwards, whatever happens.
 */
class DhcpNetnsTest {

  static final String ID = Long.toString(ProcessHandle.current().pid());
  static final String S = "bk-dhcp-s" + ID;
  static final String C = "bk-dhcp-c" + ID;
  static final String D = "bk-dhcp-d" + ID;
  static final String SERVER = "198.18.0.1";
  static final String[] FULL = {
    "mode=full",
    "server=" + SERVER,
    "subnet=198.18.0.0/24",
    "range=198.18.0.100-198.18.0.150",
    "router=198.18.0.1",
    "dns=198.18.0.53,198.18.0.54",
    "domain=bk.test",
    "lease=3600",
    "reserve=02:bb:00:00:00:07@198.18.0.7"
  };

  static Path tmp;
  Netns.Background server;

  @BeforeAll
  static void network() throws Exception {
    Netns.requireBinary("/usr/sbin/ip", "iproute2");
    Netns.requireBinary("/usr/sbin/udhcpc", "udhcpc");
    Netns.requireBinary("/usr/sbin/dhclient", "isc-dhcp-client");
    Netns.requireBinary("/usr/sbin/dnsmasq", "dnsmasq-base");
    tmp = Files.createTempDirectory("bk-dhcp");
    try {
      for (String ns : List.of(S, C, D)) {
        Netns.run(10, "ip", "netns", "add", ns);
        Netns.run(10, "ip", "-n", ns, "link", "set", "lo", "up");
      }
      Netns.run(10, "ip", "-n", S, "link", "add", "bkbr", "type", "bridge");
      Netns.run(10, "ip", "-n", S, "addr", "add", SERVER + "/24", "dev", "bkbr");
      Netns.run(10, "ip", "-n", S, "link", "set", "bkbr", "up");
      for (String[] leg : List.of(new String[] {C, "c0", "sc"}, new String[] {D, "d0", "sd"})) {
        Netns.run(
            10, "ip", "link", "add", leg[1], "netns", leg[0], "type", "veth", "peer", "name",
            leg[2], "netns", S);
        Netns.run(10, "ip", "-n", S, "link", "set", leg[2], "master", "bkbr");
        Netns.run(10, "ip", "-n", S, "link", "set", leg[2], "up");
        Netns.run(10, "ip", "-n", leg[0], "link", "set", leg[1], "up");
      }
      Netns.run(10, "ip", "-n", D, "addr", "add", "198.18.0.2/24", "dev", "d0");
      // The probe sends from 0.0.0.0 like firmware; the kernel needs a route for that broadcast.
      Netns.run(10, "ip", "-n", C, "route", "add", "255.255.255.255", "dev", "c0");
      Files.writeString(
          tmp.resolve("udhcpc.sh"),
          "#!/bin/sh\n"
              + "[ \"$1\" = bound ] && echo \"ip=$ip router=$router dns=$dns lease=$lease"
              + " domain=$domain serverid=$serverid\" >> "
              + tmp.resolve("udhcpc.out")
              + "\nexit 0\n");
      Files.writeString(
          tmp.resolve("dhclient.sh"),
          "#!/bin/sh\n"
              + "[ \"$reason\" = BOUND ] && echo \"ip=$new_ip_address router=$new_routers"
              + " dns=$new_domain_name_servers lease=$new_dhcp_lease_time"
              + " domain=$new_domain_name\" >> "
              + tmp.resolve("dhclient.out")
              + "\nexit 0\n");
      Netns.run(
          5,
          "chmod",
          "+x",
          tmp.resolve("udhcpc.sh").toString(),
          tmp.resolve("dhclient.sh").toString());
    } catch (RuntimeException e) {
      cleanUp();
      throw e;
    }
  }

  @AfterAll
  static void cleanUp() throws Exception {
    for (String ns : List.of(S, C, D)) {
      Netns.quietly("ip", "netns", "del", ns);
    }
    if (tmp != null) {
      try (var files = Files.walk(tmp)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
      server = null;
    }
    Netns.quietly("ip", "-n", C, "addr", "flush", "dev", "c0");
  }

  void startServer(String... args) throws Exception {
    server = new Netns.Background(Netns.java(S, DhcpTestServerMain.class, args));
    server.await("READY", 30);
  }

  static void setClientMac(String mac) {
    Netns.run(10, "ip", "-n", C, "link", "set", "c0", "address", mac);
  }

  static Map<String, String> fields(String line) {
    return Arrays.stream(line.trim().split(" "))
        .filter(f -> f.contains("="))
        .collect(
            Collectors.toMap(
                f -> f.substring(0, f.indexOf('=')),
                f -> f.substring(f.indexOf('=') + 1),
                (a, b) -> a));
  }

  String udhcpc() throws Exception {
    Files.deleteIfExists(tmp.resolve("udhcpc.out"));
    Netns.run(
        30,
        Netns.in(
            C,
            "udhcpc",
            "-i",
            "c0",
            "-f",
            "-q",
            "-n",
            "-t",
            "5",
            "-T",
            "2",
            "-s",
            tmp.resolve("udhcpc.sh").toString()));
    return Files.readString(tmp.resolve("udhcpc.out")).strip();
  }

  List<Map<String, String>> probe(String... args) {
    String out = Netns.run(30, Netns.java(C, DhcpProbeMain.class, args));
    return out.lines().filter(l -> l.startsWith("REPLY ")).map(DhcpNetnsTest::fields).toList();
  }

  @Test
  void udhcpcGetsALeaseWithRouterDnsAndLeaseTime() throws Exception {
    startServer(FULL);
    setClientMac("02:aa:00:00:00:01");
    Map<String, String> lease = fields(udhcpc());
    String ip = lease.get("ip");
    assertTrue(ip.startsWith("198.18.0.1") && Integer.parseInt(ip.substring(10)) <= 150, ip);
    assertEquals("198.18.0.1", lease.get("router"));
    assertEquals("198.18.0.53", lease.get("dns"));
    assertEquals("3600", lease.get("lease"));
    assertEquals("bk.test", lease.get("domain"));
    assertEquals(SERVER, lease.get("serverid"));
  }

  @Test
  void dhclientGetsALease() throws Exception {
    startServer(FULL);
    setClientMac("02:aa:00:00:00:02");
    Path out = tmp.resolve("dhclient.out");
    Files.deleteIfExists(out);
    try (Netns.Background dhclient =
        new Netns.Background(
            Netns.in(
                C,
                "dhclient",
                "-4",
                "-d",
                "-1",
                "-v",
                "-sf",
                tmp.resolve("dhclient.sh").toString(),
                "-lf",
                tmp.resolve("dhclient.leases").toString(),
                "-pf",
                tmp.resolve("dhclient.pid").toString(),
                "c0"))) {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!(Files.exists(out) && Files.readString(out).contains("ip="))
          && System.nanoTime() < end) {
        Thread.sleep(100);
      }
      assertTrue(Files.exists(out), "dhclient got no lease: " + dhclient.lines);
      Map<String, String> lease = fields(Files.readString(out));
      assertTrue(lease.get("ip").startsWith("198.18.0.1"), lease.toString());
      assertEquals("198.18.0.1", lease.get("router"));
      assertEquals("198.18.0.53", lease.get("dns").split(" ")[0]);
      assertEquals("3600", lease.get("lease"));
      assertEquals("bk.test", lease.get("domain"));
    }
  }

  @Test
  void reservedHostAlwaysGetsItsAddress() throws Exception {
    startServer(FULL);
    setClientMac("02:bb:00:00:00:07");
    assertEquals("198.18.0.7", fields(udhcpc()).get("ip"));
    assertEquals("198.18.0.7", fields(udhcpc()).get("ip"));
  }

  @Test
  void pxeFirmwareGetsTheRightBootFileInFullMode() throws Exception {
    startServer(FULL);
    Map<String, String> bios = last(probe("dora", "bios", "52:54:00:00:00:01"));
    assertEquals("ACK", bios.get("type"));
    assertEquals("pxelinux.0", bios.get("file"));
    assertEquals(SERVER, bios.get("siaddr"));
    assertEquals("PXEClient", bios.get("vc"));
    assertEquals("060108ff", bios.get("opt43"));
    Map<String, String> uefi = last(probe("dora", "uefi", "52:54:00:00:00:02"));
    assertEquals("ACK", uefi.get("type"));
    assertEquals("ipxe.efi", uefi.get("file"));
    Map<String, String> ipxe = last(probe("dora", "ipxe", "52:54:00:00:00:03"));
    assertEquals("http://198.18.0.1:8080/boot.ipxe?mac=52:54:00:00:00:03", ipxe.get("file"));
    Map<String, String> http = last(probe("dora", "http", "52:54:00:00:00:04"));
    assertEquals("HTTPClient", http.get("vc"));
    assertEquals("http://198.18.0.1:8080/ipxe.efi", http.get("opt67"));
  }

  @Test
  void proxyModeBesideDnsmasq() throws Exception {
    try (Netns.Background dnsmasq =
        new Netns.Background(
            Netns.in(
                D,
                "dnsmasq",
                "--no-daemon",
                "--port=0",
                "--conf-file=/dev/null",
                "--interface=d0",
                "--bind-interfaces",
                "--no-ping",
                "--dhcp-range=198.18.0.160,198.18.0.180,255.255.255.0,1h",
                "--dhcp-leasefile=" + tmp.resolve("dnsmasq.leases"),
                "--pid-file=" + tmp.resolve("dnsmasq.pid")))) {
      dnsmasq.await("DHCP, IP range", 10);
      startServer("mode=proxy", "server=" + SERVER);
      List<Map<String, String>> bios = probe("discover", "bios", "52:54:00:00:01:01");
      Map<String, String> address = only(bios, r -> !r.get("yiaddr").equals("0.0.0.0"));
      assertEquals("198.18.0.2", address.get("server"));
      assertTrue(address.get("yiaddr").startsWith("198.18.0.1"), address.toString());
      Map<String, String> boot = only(bios, r -> r.get("yiaddr").equals("0.0.0.0"));
      assertEquals(SERVER, boot.get("server"));
      assertEquals(SERVER, boot.get("siaddr"));
      assertEquals("pxelinux.0", boot.get("file"));
      assertEquals("060108ff", boot.get("opt43"));

      List<Map<String, String>> uefi = probe("discover", "uefi", "52:54:00:00:01:02");
      Map<String, String> uefiBoot = only(uefi, r -> r.get("yiaddr").equals("0.0.0.0"));
      assertEquals("-", uefiBoot.get("opt43"));
      assertEquals(SERVER, uefiBoot.get("siaddr"));
      // The firmware, configured by dnsmasq, then asks the proxy on port 4011.
      Netns.run(10, "ip", "-n", C, "addr", "add", "198.18.0.170/24", "dev", "c0");
      Map<String, String> ack =
          last(probe("request4011", "uefi", "52:54:00:00:01:02", "198.18.0.170", SERVER));
      assertEquals("ACK", ack.get("type"));
      assertEquals(SERVER + ":4011", ack.get("from"));
      assertEquals("ipxe.efi", ack.get("file"));

      Map<String, String> ipxe =
          only(
              probe("discover", "ipxe", "52:54:00:00:01:03"),
              r -> r.get("yiaddr").equals("0.0.0.0"));
      assertEquals("http://198.18.0.1:8080/boot.ipxe?mac=52:54:00:00:01:03", ipxe.get("file"));
      assertEquals(SERVER, ipxe.get("siaddr"));
    }
  }

  static Map<String, String> last(List<Map<String, String>> replies) {
    assertTrue(!replies.isEmpty(), "no reply");
    return replies.get(replies.size() - 1);
  }

  static Map<String, String> only(
      List<Map<String, String>> replies, java.util.function.Predicate<Map<String, String>> which) {
    List<Map<String, String>> m = replies.stream().filter(which).toList();
    assertEquals(1, m.size(), "replies: " + replies);
    return m.get(0);
  }
}
