package dev.bootkeeper.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ordinary DHCP clients and a relay against the full server on a private network: udhcpc and ISC
 * dhclient see the next server, the boot file and each option type as their scripts receive them; a
 * relay's option 118 and option 82.5 choose the subnet. Namespace S holds a bridge with the server
 * address 198.18.0.1 and the server (a child JVM); namespace C the clients. Both are created here
 * and deleted afterwards, whatever happens.
 */
class DhcpOptionsNetnsTest {

  static final String ID = Long.toString(ProcessHandle.current().pid());
  static final String S = "bk-dopt-s" + ID;
  static final String C = "bk-dopt-c" + ID;
  static final String SERVER = "198.18.0.1";
  static final String OPTIONS =
      "[{\"option\":\"mtu\",\"value\":\"1400\"},"
          + "{\"option\":\"ntp-servers\",\"value\":\"198.18.0.123, 198.18.0.124\"},"
          + "{\"option\":\"classless-static-routes\","
          + "\"value\":\"192.0.2.0/24 via 198.18.0.254, 0.0.0.0/0 via 198.18.0.1\"},"
          + "{\"option\":\"domain-search\",\"value\":\"lab.test, example.org\"},"
          + "{\"option\":\"150\",\"type\":\"ip\",\"value\":\"198.18.0.69\"},"
          + "{\"option\":\"224\",\"type\":\"u8\",\"value\":\"200\"},"
          + "{\"option\":\"225\",\"type\":\"u16\",\"value\":\"65000\"},"
          + "{\"option\":\"226\",\"type\":\"u32\",\"value\":\"4000000000\"},"
          + "{\"option\":\"227\",\"type\":\"bool\",\"value\":\"true\"},"
          + "{\"option\":\"228\",\"type\":\"string\",\"value\":\"rack-7\"},"
          + "{\"option\":\"229\",\"type\":\"hex\",\"value\":\"01:02:ff\"},"
          + "{\"option\":\"230\",\"type\":\"ips\",\"value\":\"198.18.0.5, 198.18.0.6\"}]";
  static final String[] FULL = {
    "mode=full",
    "server=" + SERVER,
    "subnet=198.18.0.0/24",
    "range=198.18.0.100-198.18.0.150",
    "router=198.18.0.1",
    "dns=198.18.0.53",
    "lease=3600",
    "options=" + OPTIONS,
    "vendor=U-Boot.armv8=boot/arm64/boot.scr.uimg",
    "subnet2=198.19.7.0/24",
    "range2=198.19.7.10-198.19.7.20",
    "subnet3=198.19.9.0/24",
    "range3=198.19.9.10-198.19.9.20"
  };

  static Path tmp;
  Netns.Background server;

  @BeforeAll
  static void network() throws Exception {
    Netns.requireBinary("/usr/sbin/ip", "iproute2");
    Netns.requireBinary("/usr/sbin/udhcpc", "udhcpc");
    Netns.requireBinary("/usr/sbin/dhclient", "isc-dhcp-client");
    tmp = Files.createTempDirectory("bk-dopt");
    try {
      for (String ns : List.of(S, C)) {
        Netns.run(10, "ip", "netns", "add", ns);
        Netns.run(10, "ip", "-n", ns, "link", "set", "lo", "up");
      }
      Netns.run(10, "ip", "-n", S, "link", "add", "bkbr", "type", "bridge");
      Netns.run(10, "ip", "-n", S, "addr", "add", SERVER + "/24", "dev", "bkbr");
      Netns.run(10, "ip", "-n", S, "link", "set", "bkbr", "up");
      Netns.run(
          10, "ip", "link", "add", "c0", "netns", C, "type", "veth", "peer", "name", "sc", "netns",
          S);
      Netns.run(10, "ip", "-n", S, "link", "set", "sc", "master", "bkbr");
      Netns.run(10, "ip", "-n", S, "link", "set", "sc", "up");
      Netns.run(10, "ip", "-n", C, "link", "set", "c0", "up");
      // Both clients' scripts write every variable they were given, one per line.
      for (String client : List.of("udhcpc", "dhclient")) {
        Path script = tmp.resolve(client + ".sh");
        Files.writeString(
            script,
            "#!/bin/sh\n"
                + "case \"$1$reason\" in bound|BOUND) env > "
                + tmp.resolve(client + ".env")
                + ".tmp && mv "
                + tmp.resolve(client + ".env")
                + ".tmp "
                + tmp.resolve(client + ".env")
                + " ;; esac\nexit 0\n");
        Netns.run(5, "chmod", "+x", script.toString());
      }
      Files.writeString(
          tmp.resolve("dhclient.conf"),
          """
          option rfc3442-classless-static-routes code 121 = array of unsigned integer 8;
          option bk-ip code 150 = ip-address;
          option bk-u8 code 224 = unsigned integer 8;
          option bk-u16 code 225 = unsigned integer 16;
          option bk-u32 code 226 = unsigned integer 32;
          option bk-bool code 227 = boolean;
          option bk-text code 228 = text;
          option bk-hex code 229 = string;
          option bk-ips code 230 = array of ip-address;
          request subnet-mask, routers, domain-name-servers, interface-mtu, ntp-servers,
            rfc3442-classless-static-routes, domain-search, tftp-server-name, bootfile-name,
            bk-ip, bk-u8, bk-u16, bk-u32, bk-bool, bk-text, bk-hex, bk-ips;
          """);
    } catch (RuntimeException e) {
      cleanUp();
      throw e;
    }
  }

  @AfterAll
  static void cleanUp() throws Exception {
    for (String ns : List.of(S, C)) {
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

  void startServer(String... extra) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of(FULL));
    args.addAll(List.of(extra));
    server =
        new Netns.Background(Netns.java(S, DhcpTestServerMain.class, args.toArray(String[]::new)));
    server.await("READY", 30);
  }

  static void setClientMac(String mac) {
    Netns.run(10, "ip", "-n", C, "link", "set", "c0", "address", mac);
  }

  /** The variables of an env dump, split at the first '=' (values may hold spaces). */
  static Map<String, String> env(Path file) throws Exception {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        out.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return out;
  }

  Map<String, String> udhcpc(String... extra) throws Exception {
    Path out = tmp.resolve("udhcpc.env");
    Files.deleteIfExists(out);
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(
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
    cmd.addAll(List.of(extra));
    Netns.run(30, Netns.in(C, cmd.toArray(String[]::new)));
    assertTrue(Files.exists(out), "udhcpc got no lease");
    return env(out);
  }

  @Test
  void udhcpcSeesNextServerBootFileAndEachOption() throws Exception {
    startServer();
    setClientMac("02:cc:00:00:00:01");
    Map<String, String> v =
        udhcpc(
            "-O",
            "mtu",
            "-O",
            "ntpsrv",
            "-O",
            "staticroutes",
            "-O",
            "search",
            "-O",
            "tftp",
            "-O",
            "bootfile",
            "-O",
            "150",
            "-O",
            "224",
            "-O",
            "225",
            "-O",
            "226",
            "-O",
            "227",
            "-O",
            "228",
            "-O",
            "229",
            "-O",
            "230");
    assertEquals(SERVER, v.get("siaddr"), v.toString());
    assertEquals("pxelinux.0", v.get("boot_file"));
    assertEquals("pxelinux.0", v.get("bootfile"));
    assertEquals(SERVER, v.get("tftp"));
    assertEquals("1400", v.get("mtu"));
    assertEquals("198.18.0.123 198.18.0.124", v.get("ntpsrv"));
    assertEquals("192.0.2.0/24 198.18.0.254 0.0.0.0/0 198.18.0.1", v.get("staticroutes"));
    assertEquals("lab.test example.org", v.get("search"));
    // Codes udhcpc has no name for arrive as hex of the wire bytes.
    assertEquals("c6120045", v.get("opt150"));
    assertEquals("c8", v.get("opt224"));
    assertEquals("fde8", v.get("opt225"));
    assertEquals("ee6b2800", v.get("opt226"));
    assertEquals("01", v.get("opt227"));
    assertEquals("7261636b2d37", v.get("opt228"));
    assertEquals("0102ff", v.get("opt229"));
    assertEquals("c6120005c6120006", v.get("opt230"));
  }

  /** Two host options push the reply past 548 bytes: the second rides in the file field. */
  @Test
  void udhcpcReadsOptionsOverloadedIntoTheFileField() throws Exception {
    String mac = "02:cc:00:00:00:07";
    startServer(
        "host-options="
            + mac
            + "@[{\"option\":\"231\",\"type\":\"string\",\"value\":\""
            + "a".repeat(120)
            + "\"},{\"option\":\"232\",\"type\":\"string\",\"value\":\""
            + "b".repeat(100)
            + "\"}]");
    setClientMac(mac);
    Map<String, String> v =
        udhcpc(
            "-O",
            "mtu",
            "-O",
            "ntpsrv",
            "-O",
            "staticroutes",
            "-O",
            "search",
            "-O",
            "150",
            "-O",
            "224",
            "-O",
            "225",
            "-O",
            "226",
            "-O",
            "227",
            "-O",
            "228",
            "-O",
            "229",
            "-O",
            "230",
            "-O",
            "231",
            "-O",
            "232");
    assertEquals("61".repeat(120), v.get("opt231"), v.toString());
    assertEquals("62".repeat(100), v.get("opt232"));
    assertEquals("1400", v.get("mtu"));
    assertEquals(SERVER, v.get("siaddr"));
    assertEquals(null, v.get("boot_file"), "the file field carried options, not a name");
  }

  @Test
  void udhcpcWithoutAskingGetsTheNextServerOnly() throws Exception {
    startServer();
    setClientMac("02:cc:00:00:00:02");
    Map<String, String> v = udhcpc();
    assertEquals(SERVER, v.get("siaddr"), v.toString());
    assertEquals(null, v.get("boot_file"));
    assertEquals(null, v.get("mtu"), "not asked for");
  }

  @Test
  void aUBootVendorClassGetsItsBootFile() throws Exception {
    startServer();
    setClientMac("02:cc:00:00:00:03");
    Map<String, String> v = udhcpc("-V", "U-Boot.armv8");
    assertEquals(SERVER, v.get("siaddr"), v.toString());
    assertEquals("boot/arm64/boot.scr.uimg", v.get("boot_file"));
  }

  @Test
  void dhclientSeesNextServerBootFileAndEachOptionType() throws Exception {
    startServer();
    setClientMac("02:cc:00:00:00:04");
    Path out = tmp.resolve("dhclient.env");
    Files.deleteIfExists(out);
    Path leases = tmp.resolve("dhclient.leases");
    Files.deleteIfExists(leases);
    try (Netns.Background dhclient =
        new Netns.Background(
            Netns.in(
                C,
                "dhclient",
                "-4",
                "-d",
                "-1",
                "-v",
                "-cf",
                tmp.resolve("dhclient.conf").toString(),
                "-sf",
                tmp.resolve("dhclient.sh").toString(),
                "-lf",
                leases.toString(),
                "-pf",
                tmp.resolve("dhclient.pid").toString(),
                "c0"))) {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!Files.exists(out) && System.nanoTime() < end) {
        Thread.sleep(100);
      }
      assertTrue(Files.exists(out), "dhclient got no lease: " + dhclient.lines);
      Map<String, String> v = env(out);
      assertEquals("pxelinux.0", v.get("new_filename"), v.toString());
      assertEquals(SERVER, v.get("new_server_name"));
      assertEquals(SERVER, v.get("new_tftp_server_name"));
      assertEquals("pxelinux.0", v.get("new_bootfile_name"));
      assertEquals("1400", v.get("new_interface_mtu"));
      assertEquals("198.18.0.123 198.18.0.124", v.get("new_ntp_servers"));
      assertEquals(
          "24 192 0 2 198 18 0 254 0 198 18 0 1", v.get("new_rfc3442_classless_static_routes"));
      assertEquals("lab.test. example.org.", v.get("new_domain_search"));
      assertEquals("198.18.0.69", v.get("new_bk_ip"));
      assertEquals("200", v.get("new_bk_u8"));
      assertEquals("65000", v.get("new_bk_u16"));
      assertEquals("4000000000", v.get("new_bk_u32"));
      assertEquals("true", v.get("new_bk_bool"));
      assertEquals("rack-7", v.get("new_bk_text"));
      assertEquals("1:2:ff", v.get("new_bk_hex"));
      assertEquals("198.18.0.5 198.18.0.6", v.get("new_bk_ips"));
      // dhclient hands siaddr to its script as new_next_server.
      assertEquals(SERVER, v.get("new_next_server"));
    }
  }

  @Test
  void aRelaysSubnetSelectionAndLinkSelectionChooseTheSubnet() throws Exception {
    startServer();
    Netns.run(10, "ip", "-n", C, "addr", "add", "198.18.0.2/24", "dev", "c0");
    Map<String, String> selected = relay("02:cc:00:00:00:05", "select=198.19.9.0");
    assertEquals("OFFER", selected.get("type"), selected.toString());
    assertTrue(selected.get("yiaddr").startsWith("198.19.9."), selected.toString());
    assertEquals("c6130900", selected.get("opt118"), "RFC 3011: echoed unchanged");
    assertEquals("198.18.0.2", selected.get("giaddr"));

    Map<String, String> linked = relay("02:cc:00:00:00:06", "link=198.19.7.0");
    assertTrue(linked.get("yiaddr").startsWith("198.19.7."), linked.toString());
    assertEquals("0105706f72743705 04c6130700".replace(" ", ""), linked.get("opt82"));
    assertEquals(SERVER, linked.get("siaddr"));
  }

  /**
   * perfdhcp (Kea's load generator) relays DORA exchanges for 40 clients (random MACs among a
   * million, so all distinct) at a steady rate, as a relay agent would (giaddr = its address):
   * every DISCOVER gets its OFFER and every REQUEST its ACK.
   */
  @Test
  void perfdhcpRelaysFortyClientsAndEveryRequestIsAcked() throws Exception {
    Netns.requireBinary("/usr/sbin/perfdhcp", "kea-admin");
    startServer();
    Netns.run(10, "ip", "-n", C, "addr", "add", "198.18.0.2/24", "dev", "c0");
    // A few exchanges first: a DISCOVER that waits past its deadline while the server's code is
    // still cold is dropped on purpose (WorkLanes), and this test is about the warm server.
    try {
      Netns.run(
          30,
          "ip",
          "netns",
          "exec",
          C,
          "perfdhcp",
          "-4",
          "-l",
          "c0",
          "-r",
          "5",
          "-R",
          "1000000",
          "-n",
          "5",
          "-d",
          "2",
          SERVER);
    } catch (IllegalStateException warmingUp) {
      // perfdhcp exits 3 when it saw drops
    }
    String out;
    try {
      out =
          Netns.run(
              60,
              "ip",
              "netns",
              "exec",
              C,
              "perfdhcp",
              "-4",
              "-l",
              "c0",
              "-r",
              "20",
              "-R",
              "1000000",
              "-n",
              "40",
              "-d",
              "2",
              // perfdhcp ends the moment it has sent its 40th exchange's last packet and counts
              // what is still on its way as lost; a second's wait takes in the last answers.
              "-W",
              "1000000",
              SERVER);
    } catch (IllegalStateException sawDrops) {
      // perfdhcp exits 3 when a reply is missing; its report is in the message.
      out = sawDrops.getMessage();
    }
    Matcher sent = Pattern.compile("sent packets: (\\d+)\\s+received packets: (\\d+)").matcher(out);
    assertTrue(sent.find(), "DISCOVER-OFFER in:\n" + out);
    assertEquals("40", sent.group(1), out);
    assertEquals("40", sent.group(2), "an OFFER for every DISCOVER:\n" + out);
    assertTrue(sent.find(), "REQUEST-ACK in:\n" + out);
    assertEquals("40", sent.group(1), "a REQUEST for every OFFER:\n" + out);
    assertEquals(sent.group(1), sent.group(2), "an ACK for every REQUEST:\n" + out);
  }

  Map<String, String> relay(String mac, String selector) {
    String out =
        Netns.run(30, Netns.java(C, RelayProbeMain.class, "198.18.0.2", SERVER, mac, selector));
    return out.lines()
        .filter(l -> l.startsWith("REPLY "))
        .findFirst()
        .map(DhcpNetnsTest::fields)
        .orElseThrow(() -> new AssertionError("no reply to the relay: " + out));
  }
}
