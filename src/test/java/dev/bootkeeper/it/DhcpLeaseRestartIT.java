package dev.bootkeeper.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DHCP leases survive a crash of the packaged appliance. The appliance runs in namespace S (a
 * bridge with 198.18.5.1/24), real udhcpc clients in namespace C (two veths on that bridge). DHCP
 * is switched to full mode through the API, so the restart also shows that the stored settings win
 * over the configuration file (which says off). Between the two runs the appliance is killed with
 * SIGKILL.
 */
class DhcpLeaseRestartIT {

  static final String ID = Long.toString(ProcessHandle.current().pid());
  static final String S = "bk-lr-s" + ID;
  static final String C = "bk-lr-c" + ID;
  static final String SERVER = "198.18.5.1";
  static final String RESERVED_IP = "198.18.5.100";
  static final String RESERVED_MAC = "02:5a:00:00:00:07";
  static final String A = "02:5a:00:00:00:0a";
  static final Pattern TOKEN = Pattern.compile("(bk_[A-Za-z0-9_-]{20,})");
  static final String NETWORK =
      "{\"mode\":\"full\",\"subnets\":[{\"subnet\":\"198.18.5.0/24\","
          + "\"range\":\"198.18.5.100-198.18.5.120\",\"router\":\"198.18.5.1\","
          + "\"leaseTime\":\"1h\"}]}";

  static Path tmp;
  static Process background;

  @BeforeAll
  static void network() throws Exception {
    for (String[] bin :
        new String[][] {
          {"/usr/sbin/ip", "iproute2"}, {"/usr/sbin/udhcpc", "udhcpc"}, {"/usr/bin/curl", "curl"}
        }) {
      if (!new File(bin[0]).canExecute()) {
        throw new IllegalStateException(bin[0] + " is missing: apt-get install " + bin[1]);
      }
    }
    tmp = Files.createTempDirectory("bk-lease-it");
    try {
      for (String ns : List.of(S, C)) {
        run("ip", "netns", "add", ns);
        run("ip", "-n", ns, "link", "set", "lo", "up");
      }
      run("ip", "-n", S, "link", "add", "bkbr", "type", "bridge");
      run("ip", "-n", S, "addr", "add", SERVER + "/24", "dev", "bkbr");
      run("ip", "-n", S, "link", "set", "bkbr", "up");
      for (String leg : List.of("0", "1")) {
        leg("c" + leg, "s" + leg);
      }
      run("ip", "-n", C, "link", "set", "c0", "address", A);
      // The long-running client configures its address, so that it can renew by unicast.
      script(
          "keep.sh",
          "[ \"$1\" = bound ] || [ \"$1\" = renew ] || exit 0\n"
              + "ip addr flush dev \"$interface\"\n"
              + "ip addr add \"$ip/24\" dev \"$interface\"\n"
              + "echo \"$1 ip=$ip\" >> "
              + tmp.resolve("keep.out")
              + "\n");
      script(
          "once.sh",
          "[ \"$1\" = bound ] && echo \"ip=$ip\" >> " + tmp.resolve("once.out") + "\nexit 0\n");
    } catch (Exception e) {
      cleanUp();
      throw e;
    }
  }

  @AfterAll
  static void cleanUp() throws IOException {
    if (background != null) {
      background.destroyForcibly();
    }
    for (String ns : List.of(S, C)) {
      quietly("ip", "netns", "del", ns);
    }
    if (tmp != null) {
      try (var files = Files.walk(tmp)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void leasesAndReservationsSurviveAKill() throws Exception {
    Path dir = tmp.resolve("appliance");
    Map<String, String> props =
        Map.of("bootkeeper.server-address", SERVER, "bootkeeper.dhcp.mode", "off");
    List<String> inS = List.of("ip", "netns", "exec", S);
    String a1;
    try (Appliance first = Appliance.start(dir, props, inS)) {
      Matcher m = TOKEN.matcher(first.log());
      assertTrue(m.find(), "the first start prints an admin token:\n" + first.log());
      String token = m.group(1);
      expect(
          201,
          first.request(
              "PUT", "/api/v1/hosts/" + RESERVED_MAC, token, "{\"ip\":\"" + RESERVED_IP + "\"}"));
      expect(200, first.request("PUT", "/api/v1/dhcp", token, NETWORK));

      // Client A stays running, bound, across the crash. The range starts with the reserved
      // address, which a dynamic client must skip.
      background =
          start(
              in(
                  C,
                  "udhcpc",
                  "-i",
                  "c0",
                  "-f",
                  "-n",
                  "-t",
                  "5",
                  "-T",
                  "2",
                  "-s",
                  tmp.resolve("keep.sh").toString()));
      a1 = awaitLine(tmp.resolve("keep.out"), "bound ip=", 30).substring("bound ip=".length());
      assertNotEquals(RESERVED_IP, a1);
      assertTrue(a1.matches("198\\.18\\.5\\.1(0[1-9]|1[0-9]|20)"), a1);

      assertEquals(RESERVED_IP, once(RESERVED_MAC), "the reserved host gets its address");
      assertNotEquals(a1, once("02:5a:00:00:00:b1", "-r", a1), "A's address is A's");
      first.kill();
    }

    try (Appliance second = Appliance.start(dir, props, inS)) {
      Appliance.Reply dhcp = second.request("GET", "/api/v1/dhcp", null, null);
      assertTrue(
          dhcp.body().contains("\"mode\":\"full\"")
              && dhcp.body().contains("\"source\":\"stored\"")
              && dhcp.body().contains("\"running\":true"),
          "the stored full mode is back after the crash: " + dhcp.body());

      // Before A says anything, other clients ask for A's address: the restarted server knows it
      // is taken (a server that forgot its leases would hand it out here).
      Set<String> others = new HashSet<>();
      for (int i = 2; i <= 4; i++) {
        String ip = once("02:5a:00:00:00:b" + i, "-r", a1);
        assertNotEquals(a1, ip);
        assertNotEquals(RESERVED_IP, ip);
        assertTrue(others.add(ip), "distinct addresses: " + others + " + " + ip);
      }

      // A renews (unicast REQUEST with ciaddr) with the restarted server.
      run("kill", "-USR1", Long.toString(background.pid()));
      assertEquals("renew ip=" + a1, awaitLine(tmp.resolve("keep.out"), "renew ip=", 30));
      background.destroy();
      background.waitFor(5, TimeUnit.SECONDS);

      // A starts over (DISCOVER) and still gets its address.
      run("ip", "-n", C, "addr", "flush", "dev", "c0");
      assertEquals(a1, onceOn("c0"), "re-discovering, A gets its old address");

      assertEquals(RESERVED_IP, once(RESERVED_MAC), "the reserved host still gets its address");

      Appliance.Reply leases = second.request("GET", "/api/v1/leases?mac=" + A, null, null);
      assertTrue(
          leases.body().contains("\"ip\":\"" + a1 + "\"")
              && leases.body().contains("\"state\":\"bound\""),
          leases.body());
    }
  }

  /**
   * A kill in the middle of a burst: 12 clients each boot one new machine after another (each a new
   * claim), and the appliance is killed while they do. The lease table is written behind the lease
   * journal, so the last claims before the kill are likely only in the journal; after the restart
   * every address a client was ACKed is still that client's lease.
   */
  @Test
  void everyAckedLeaseSurvivesAKillInTheMiddleOfABurst() throws Exception {
    int clients = 12;
    for (int i = 0; i < clients; i++) {
      leg("b" + i, "sb" + i);
    }
    Path acked = tmp.resolve("burst.out");
    script(
        "burst.sh",
        "[ \"$1\" = bound ] && echo \"$(cat /sys/class/net/$interface/address) $ip\" >> "
            + acked
            + "\nexit 0\n");
    Path dir = tmp.resolve("burst-appliance");
    Map<String, String> props =
        Map.of("bootkeeper.server-address", SERVER, "bootkeeper.dhcp.mode", "off");
    List<Process> loops = new ArrayList<>();
    try (Appliance first = Appliance.start(dir, props, List.of("ip", "netns", "exec", S))) {
      Matcher m = TOKEN.matcher(first.log());
      assertTrue(m.find(), "the first start prints an admin token:\n" + first.log());
      expect(200, first.request("PUT", "/api/v1/dhcp", m.group(1), BURST_NETWORK));
      for (int i = 0; i < clients; i++) {
        // Each pass is a new machine (the interface takes a new MAC) and ends in a claim of a
        // new address: a table that lags the journal does not have it.
        loops.add(
            start(
                in(
                    C,
                    "sh",
                    "-c",
                    "for n in $(seq 10 49); do ip link set b"
                        + i
                        + " address "
                        + burstMac(i, "$n")
                        + "; udhcpc -i b"
                        + i
                        + " -f -q -n -t 3 -T 1 -s "
                        + tmp.resolve("burst.sh")
                        + "; done")));
      }
      // Killed once each client has a lease and the burst is well under way.
      awaitLines(acked, 3 * clients, 60);
      first.kill();
    } finally {
      for (Process loop : loops) {
        loop.destroyForcibly();
      }
      for (Process loop : loops) {
        loop.waitFor(10, TimeUnit.SECONDS);
      }
    }
    Map<String, String> lastAcked = new java.util.TreeMap<>();
    for (String line : Files.readAllLines(acked)) {
      String[] f = line.strip().split(" ");
      lastAcked.put(f[0], f[1]);
    }
    assertTrue(lastAcked.size() >= 3 * clients, "machines ACKed before the kill: " + lastAcked);

    try (Appliance second = Appliance.start(dir, props, List.of("ip", "netns", "exec", S))) {
      System.out.println(
          "after the kill, the journal "
              + (second.log().contains("lease journal: wrote the")
                  ? "held changes that were written to the table at start"
                  : "was empty (the table had caught up)"));
      for (Map.Entry<String, String> e : lastAcked.entrySet()) {
        Appliance.Reply leases =
            second.request("GET", "/api/v1/leases?mac=" + e.getKey(), null, null);
        assertTrue(
            leases.body().contains("\"ip\":\"" + e.getValue() + "\""),
            e.getKey() + " was ACKed " + e.getValue() + " before the kill: " + leases.body());
      }
    }
  }

  static final String BURST_NETWORK =
      "{\"mode\":\"full\",\"subnets\":[{\"subnet\":\"198.18.5.0/24\","
          + "\"range\":\"198.18.5.20-198.18.5.250\",\"router\":\"198.18.5.1\","
          + "\"leaseTime\":\"1h\"}]}";

  /** The MAC of client {@code i}'s pass {@code pass} (two decimal digits, or a shell variable). */
  static String burstMac(int i, String pass) {
    return String.format("02:5a:00:01:%02d:", i) + pass;
  }

  static void awaitLines(Path file, int lines, int seconds) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < end) {
      if (Files.exists(file) && Files.readAllLines(file).size() >= lines) {
        return;
      }
      Thread.sleep(10);
    }
    throw new AssertionError(
        "fewer than " + lines + " lines in " + file + " within " + seconds + " s");
  }

  /** A veth pair: {@code client} in namespace C, {@code server} on S's bridge; both up. */
  static void leg(String client, String server) throws Exception {
    run(
        "ip", "link", "add", client, "netns", C, "type", "veth", "peer", "name", server, "netns",
        S);
    run("ip", "-n", S, "link", "set", server, "master", "bkbr");
    run("ip", "-n", S, "link", "set", server, "up");
    run("ip", "-n", C, "link", "set", client, "up");
  }

  /** A one-shot udhcpc on c1 with this MAC; returns the address it was given. */
  static String once(String mac, String... extra) throws Exception {
    run("ip", "-n", C, "link", "set", "c1", "address", mac);
    return onceOn("c1", extra);
  }

  static String onceOn(String iface, String... extra) throws Exception {
    Path out = tmp.resolve("once.out");
    Files.deleteIfExists(out);
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "udhcpc",
                "-i",
                iface,
                "-f",
                "-q",
                "-n",
                "-t",
                "5",
                "-T",
                "2",
                "-s",
                tmp.resolve("once.sh").toString()));
    cmd.addAll(List.of(extra));
    run(in(C, cmd.toArray(String[]::new)));
    assertTrue(Files.exists(out), "udhcpc on " + iface + " got no lease");
    return Files.readString(out).strip().substring("ip=".length());
  }

  static String awaitLine(Path file, String prefix, int seconds) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < end) {
      if (Files.exists(file)) {
        for (String line : Files.readAllLines(file)) {
          if (line.startsWith(prefix)) {
            return line.strip();
          }
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no '" + prefix + "' line in " + file + " within " + seconds + " s");
  }

  static void expect(int status, Appliance.Reply r) {
    assertEquals(status, r.status(), r.body());
  }

  static void script(String name, String body) throws IOException {
    Path p = tmp.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body, StandardCharsets.UTF_8);
    p.toFile().setExecutable(true);
  }

  static String[] in(String ns, String... cmd) {
    List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    all.addAll(List.of(cmd));
    return all.toArray(String[]::new);
  }

  static Process start(String... cmd) throws IOException {
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(tmp.resolve("background.log").toFile())
        .start();
  }

  static String run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    if (!p.waitFor(40, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("timed out: " + String.join(" ", cmd));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", cmd) + " exited " + p.exitValue() + ": " + out);
    }
    return out;
  }

  static void quietly(String... cmd) {
    try {
      run(cmd);
    } catch (Exception e) {
      // already gone
    }
  }
}
