package dev.bootkeeper.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two packaged appliances on one real PostgreSQL behave as one. Namespace L holds a bridge; node A
 * (198.18.7.1, which also runs PostgreSQL) and node B (198.18.7.2) each live in a namespace of
 * their own with a leg on it, and the client namespace C has the third leg. The client's DHCP probe
 * uses a MAC that is not its interface's, so a node that identified the client from its own
 * neighbour table would file the TFTP download under the wrong machine.
 */
// The first test counts the second from a DHCP mode change: it runs while DHCP is still off.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiNodeIT {

  static final String ID = Long.toString(ProcessHandle.current().pid());
  static final String L = "bk-mn-l" + ID;
  static final String A = "bk-mn-a" + ID;
  static final String B = "bk-mn-b" + ID;
  static final String C = "bk-mn-c" + ID;
  static final String A_IP = "198.18.7.1";
  static final String B_IP = "198.18.7.2";
  static final String CLIENT_IFACE_MAC = "02:5b:00:00:00:0c";
  static final String PROBE_MAC = "02:5b:00:00:00:0d";
  static final String TOKEN = "multinode-it-token";
  static final String ADMIN_PASSWORD = "multinode-it-admin";
  static final String BOOT_MAC = "02:5b:00:00:00:0e";
  static final String FULL =
      "{\"mode\":\"full\",\"subnets\":[{\"subnet\":\"198.18.7.0/24\","
          + "\"range\":\"198.18.7.100-198.18.7.150\",\"leaseTime\":\"1h\"}]}";
  static final ObjectMapper JSON = new ObjectMapper();

  static Path tmp;
  static PostgresServer pg;
  static Appliance nodeA;
  static Appliance nodeB;

  @BeforeAll
  static void twoNodes() throws Exception {
    Shell.require("/usr/sbin/ip", "iproute2");
    Shell.require("/usr/bin/tftp", "tftp-hpa");
    Shell.require("/usr/bin/curl", "curl");
    tmp = Files.createTempDirectory("bk-multinode-it");
    try {
      for (String ns : List.of(L, A, B, C)) {
        Shell.run(20, "ip", "netns", "add", ns);
        Shell.run(20, "ip", "-n", ns, "link", "set", "lo", "up");
      }
      Shell.run(20, "ip", "-n", L, "link", "add", "br0", "type", "bridge");
      Shell.run(20, "ip", "-n", L, "link", "set", "br0", "up");
      for (String ns : List.of(A, B, C)) {
        String leg = "l" + ns.charAt(6);
        Shell.run(
            20, "ip", "link", "add", "eth0", "netns", ns, "type", "veth", "peer", "name", leg,
            "netns", L);
        Shell.run(20, "ip", "-n", L, "link", "set", leg, "master", "br0");
        Shell.run(20, "ip", "-n", L, "link", "set", leg, "up");
      }
      Shell.run(20, "ip", "-n", C, "link", "set", "eth0", "address", CLIENT_IFACE_MAC);
      Shell.run(20, "ip", "-n", A, "addr", "add", A_IP + "/24", "dev", "eth0");
      Shell.run(20, "ip", "-n", B, "addr", "add", B_IP + "/24", "dev", "eth0");
      for (String ns : List.of(A, B, C)) {
        Shell.run(20, "ip", "-n", ns, "link", "set", "eth0", "up");
      }
      // The probe sends from 0.0.0.0 like firmware; the kernel needs a route for that broadcast.
      Shell.run(20, "ip", "-n", C, "route", "add", "255.255.255.255", "dev", "eth0");
      pg = PostgresServer.start(inNs(A), "127.0.0.1," + A_IP, "198.18.7.0/24");
      nodeA = start("node-a", A, A_IP, pg.jdbcUrl("127.0.0.1"));
      nodeB = start("node-b", B, B_IP, pg.jdbcUrl(A_IP));
    } catch (Exception | Error e) {
      cleanUp();
      throw e;
    }
  }

  static List<String> inNs(String ns) {
    return List.of("ip", "netns", "exec", ns);
  }

  static Appliance start(String name, String ns, String ip, String jdbcUrl) throws Exception {
    Path dir = tmp.resolve(name);
    Files.createDirectories(dir.resolve("images"));
    Files.write(dir.resolve("images").resolve("hello.bin"), new byte[4000]);
    Files.createDirectories(dir.resolve("images").resolve("fleet"));
    Files.write(dir.resolve("images").resolve("fleet/vmlinuz"), new byte[3000]);
    Files.write(dir.resolve("images").resolve("fleet/initrd"), new byte[5000]);
    Files.write(dir.resolve("images").resolve("fleet/own-vmlinuz"), new byte[100]);
    return Appliance.start(
        Appliance.postgresJar(),
        dir,
        Map.of(
            "quarkus.profile",
            "pg",
            "quarkus.datasource.jdbc.url",
            jdbcUrl,
            "bootkeeper.api.tokens",
            TOKEN,
            "bootkeeper.node-name",
            name,
            "bootkeeper.server-address",
            ip,
            "bootkeeper.dhcp.mode",
            "off",
            "bootkeeper.tftp.port",
            "69",
            "bootkeeper.install-bootloaders",
            "false",
            "bootkeeper.admin.password",
            ADMIN_PASSWORD),
        inNs(ns));
  }

  @AfterAll
  static void cleanUp() throws IOException {
    for (Appliance a : new Appliance[] {nodeA, nodeB}) {
      if (a != null) {
        a.close();
      }
    }
    if (pg != null) {
      try {
        pg.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (String ns : List.of(C, B, A, L)) {
      Shell.quietly("ip", "netns", "del", ns);
    }
    if (tmp != null) {
      try (var files = Files.walk(tmp)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  @Order(1)
  void aDhcpModeChangeOnOneNodeAnswersOnTheOtherWithinASecondAndABootSpansBothNodes()
      throws Exception {
    // The client is ready to send before the change, so that the second counted is the nodes'.
    try (Probe probe = Probe.start("discover-when-told", PROBE_MAC)) {
      probe.await("READY", 60);
      Appliance.Reply put = nodeA.request("PUT", "/api/v1/dhcp", TOKEN, FULL);
      assertEquals(200, put.status(), put.body());
      long changed = System.nanoTime();
      Thread.sleep(1000);
      probe.tell();
      long toldAfter = System.nanoTime() - changed;
      String reply;
      try {
        reply = probe.await("from=" + B_IP, 10);
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "\nnode B:\n" + notable(nodeB.log()), e);
      }
      assertTrue(
          reply.contains("type=OFFER"),
          "node B offers, a second after node A was told:\n" + probe.output());
      // The DISCOVER left once, about a second after the change: node B was serving by then.
      assertTrue(
          toldAfter < TimeUnit.MILLISECONDS.toNanos(1500),
          "the DISCOVER left " + toldAfter / 1_000_000 + " ms after the change");
    }

    // A boot: DHCP with whichever node answers first, then TFTP from the other one.
    String dora = runProbe("dora", PROBE_MAC);
    Matcher ack = Pattern.compile("REPLY type=ACK from=(\\S+):67 yiaddr=(\\S+) ").matcher(dora);
    assertTrue(ack.find(), dora);
    String dhcpNode = ack.group(1).equals(A_IP) ? "node-a" : "node-b";
    String tftpIp = ack.group(1).equals(A_IP) ? B_IP : A_IP;
    String tftpNode = dhcpNode.equals("node-a") ? "node-b" : "node-a";
    clientAddress(ack.group(2));
    Path got = tmp.resolve("hello.got");
    Shell.run(
        30,
        List.of(
            "ip",
            "netns",
            "exec",
            C,
            "tftp",
            "-m",
            "binary",
            tftpIp,
            "-c",
            "get",
            "hello.bin",
            got.toString()));
    assertEquals(4000, Files.size(got));

    JsonNode events = awaitEvents(PROBE_MAC, tftpNode, 20);
    List<String> steps = new ArrayList<>();
    for (JsonNode e : events.get("items")) {
      steps.add(e.get("protocol").asText() + "@" + e.get("node").asText());
    }
    assertTrue(steps.contains("DHCP@" + dhcpNode), steps.toString());
    assertTrue(steps.contains("TFTP@" + tftpNode), steps.toString());
    Appliance.Reply wrong =
        nodeA.request("GET", "/api/v1/events?mac=" + CLIENT_IFACE_MAC, TOKEN, null);
    assertEquals(
        0,
        JSON.readTree(wrong.body()).get("items").size(),
        "nothing is filed under the interface's own MAC:\n" + wrong.body());
  }

  @Test
  @Order(2)
  void aBootWhoseDhcpWentToOneNodeAndWhoseFilesCameFromTheOtherIsOneBoot() throws Exception {
    assertEquals(200, nodeA.request("PUT", "/api/v1/dhcp", TOKEN, FULL).status());
    create(
        "POST",
        "/api/v1/profiles",
        "{\"name\":\"fleet-rescue\",\"kind\":\"linux\",\"kernel\":\"fleet/vmlinuz\","
            + "\"initrds\":[\"fleet/initrd\"]}");
    create(
        "POST",
        "/api/v1/profiles",
        "{\"name\":\"fleet-own\",\"kind\":\"linux\",\"kernel\":\"fleet/own-vmlinuz\"}");
    create(
        "PUT",
        "/api/v1/hosts/" + BOOT_MAC,
        "{\"profile\":\"fleet-own\",\"nextBootProfile\":\"fleet-rescue\"}");
    // Node B sees the profiles and the host within a second (the change feed).
    Thread.sleep(1500);

    String dora = runProbe("dora", BOOT_MAC);
    Matcher ack = Pattern.compile("REPLY type=ACK from=(\\S+):67 yiaddr=(\\S+) ").matcher(dora);
    assertTrue(ack.find(), dora);
    boolean dhcpOnA = ack.group(1).equals(A_IP);
    String dhcpIp = ack.group(1);
    String filesIp = dhcpOnA ? B_IP : A_IP;
    String dhcpNode = dhcpOnA ? "node-a" : "node-b";
    String filesNode = dhcpOnA ? "node-b" : "node-a";
    Appliance files = dhcpOnA ? nodeB : nodeA;
    clientAddress(ack.group(2));

    // The config from the node that answered DHCP: it uses up the one-shot next boot there.
    String config = tftpText(dhcpIp, "pxelinux.cfg/01-" + BOOT_MAC.replace(':', '-'));
    assertTrue(config.contains("fleet/vmlinuz"), config);
    // The kernel over TFTP and the initrd (the profile's last file) over HTTP, from the other node.
    Path kernel = tmp.resolve("vmlinuz.got");
    tftpGet(filesIp, "fleet/vmlinuz", kernel);
    assertEquals(3000, Files.size(kernel));
    Shell.run(
        30,
        List.of(
            "ip",
            "netns",
            "exec",
            C,
            "curl",
            "-sSf",
            "-o",
            tmp.resolve("initrd.got").toString(),
            "http://" + filesIp + ":" + files.httpPort() + "/images/fleet/initrd"));
    assertEquals(5000, Files.size(tmp.resolve("initrd.got")));

    // One boot in the API: every step under the machine's MAC, with the node that served it.
    JsonNode events = awaitSteps(BOOT_MAC, List.of("HTTP@" + filesNode, "TFTP@" + filesNode), 20);
    List<String> steps = new ArrayList<>();
    for (JsonNode e : events.get("items")) {
      steps.add(e.get("protocol").asText() + "@" + e.get("node").asText());
    }
    assertTrue(steps.contains("DHCP@" + dhcpNode), steps.toString());
    assertTrue(steps.contains("TFTP@" + dhcpNode), "the config: " + steps);

    // Timed once, by the node that served the last file, from the DHCP request on the other.
    Pattern timedOnce =
        Pattern.compile(
            "^bootkeeper_boot_duration_seconds_count\\{[^}]*profile=\"fleet-rescue\"[^}]*\\}"
                + " 1(\\.0)?$",
            Pattern.MULTILINE);
    assertTrue(timedOnce.matcher(metrics(files)).find(), metrics(files));
    assertTrue(!metrics(dhcpOnA ? nodeA : nodeB).contains("profile=\"fleet-rescue\""));

    // The boot reached its last file on the other node: the node that used the one-shot knows,
    // and a reboot right after gets the host's own profile, not three more minutes of rescue.
    String again = "";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (System.nanoTime() < deadline) {
      again = tftpText(dhcpIp, "pxelinux.cfg/01-" + BOOT_MAC.replace(':', '-'));
      if (again.contains("fleet/own-vmlinuz")) {
        break;
      }
      Thread.sleep(200);
    }
    assertTrue(again.contains("fleet/own-vmlinuz"), "the grace ended on every node:\n" + again);

    // One boot on the host page of either node, each step with its node.
    String page = dashboard(nodeA, A, "/hosts/" + BOOT_MAC);
    assertTrue(!page.contains("Earlier boots"), "one boot:\n" + page);
    for (String node : List.of(dhcpNode, filesNode)) {
      assertTrue(page.contains("title=\"served by " + node + "\""), node + " in:\n" + page);
    }
    String overview = dashboard(nodeB, B, "/");
    for (String node : List.of("node-a", "node-b")) {
      assertTrue(overview.contains("<tr data-node=\"" + node + "\">"), node + ":\n" + overview);
    }
  }

  /** Gives the client namespace this one address, so requests come from the leased address. */
  static void clientAddress(String ip) {
    Shell.run(20, "ip", "-n", C, "addr", "flush", "dev", "eth0");
    Shell.run(20, "ip", "-n", C, "addr", "add", ip + "/24", "dev", "eth0");
    Shell.run(20, "ip", "-n", C, "route", "replace", "255.255.255.255", "dev", "eth0");
  }

  static void create(String method, String path, String json) throws Exception {
    Appliance.Reply r = nodeA.request(method, path, TOKEN, json);
    assertTrue(r.status() == 200 || r.status() == 201, r.status() + " " + r.body());
  }

  static void tftpGet(String server, String file, Path to) {
    Shell.run(
        30,
        List.of(
            "ip",
            "netns",
            "exec",
            C,
            "tftp",
            "-m",
            "binary",
            server,
            "-c",
            "get",
            file,
            to.toString()));
  }

  static String tftpText(String server, String file) throws IOException {
    Path to = tmp.resolve("config-" + System.nanoTime());
    tftpGet(server, file, to);
    return Files.readString(to);
  }

  static String metrics(Appliance node) throws Exception {
    return node.request("GET", "/q/metrics", TOKEN, null).body();
  }

  /** A dashboard page as an admin sees it, logged in with curl inside the node's namespace. */
  static String dashboard(Appliance node, String ns, String path) throws Exception {
    Path jar = tmp.resolve("cookies-" + System.nanoTime());
    String base = "http://127.0.0.1:" + node.httpPort();
    List<String> curl = new ArrayList<>(inNs(ns));
    curl.addAll(List.of("curl", "-sS", "-c", jar.toString(), "-b", jar.toString()));
    List<String> login = new ArrayList<>(curl);
    login.add(base + "/login");
    Matcher csrf =
        Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(Shell.run(30, login));
    assertTrue(csrf.find(), "a login form");
    List<String> post = new ArrayList<>(curl);
    post.addAll(
        List.of(
            "-o",
            "/dev/null",
            "--data-urlencode",
            "_csrf=" + csrf.group(1),
            "--data-urlencode",
            "username=admin",
            "--data-urlencode",
            "password=" + ADMIN_PASSWORD,
            "--data-urlencode",
            "next=/",
            base + "/login"));
    Shell.run(30, post);
    List<String> get = new ArrayList<>(curl);
    get.add(base + path);
    return Shell.run(30, get);
  }

  /** The events of a MAC once every one of {@code wanted} (protocol@node) is among them. */
  static JsonNode awaitSteps(String mac, List<String> wanted, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    List<String> steps = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      JsonNode last =
          JSON.readTree(nodeA.request("GET", "/api/v1/events?mac=" + mac, TOKEN, null).body());
      steps.clear();
      for (JsonNode e : last.get("items")) {
        steps.add(e.get("protocol").asText() + "@" + e.get("node").asText());
      }
      if (steps.containsAll(wanted)) {
        return last;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no " + wanted + " among the steps of " + mac + ": " + steps);
  }

  /** The lines of an appliance's log that say what went wrong, for a failure's message. */
  static String notable(String log) {
    return log.lines()
        .filter(l -> l.contains("WARN") || l.contains("ERROR") || l.contains("DHCP"))
        .reduce("", (a, b) -> a + b + "\n");
  }

  /** The events of a MAC once one was served by {@code node} (bounded wait). */
  static JsonNode awaitEvents(String mac, String node, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      Appliance.Reply r = nodeA.request("GET", "/api/v1/events?mac=" + mac, TOKEN, null);
      last = JSON.readTree(r.body());
      for (JsonNode e : last.get("items")) {
        if (e.get("protocol").asText().equals("TFTP") && node.equals(e.get("node").asText())) {
          return last;
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no TFTP step of " + mac + " served by " + node + ": " + last);
  }

  static String runProbe(String action, String mac) {
    List<String> cmd = new ArrayList<>(inNs(C));
    cmd.addAll(Probe.java());
    cmd.add(action);
    cmd.add("bios");
    cmd.add(mac);
    return Shell.run(60, cmd);
  }

  /** The DHCP probe in the client namespace, kept running to be told when to send. */
  static final class Probe implements AutoCloseable {
    final Process process;
    final List<String> lines = new CopyOnWriteArrayList<>();
    final Writer in;

    private Probe(Process process) {
      this.process = process;
      this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      Thread t =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = r.readLine()) != null) {
                    lines.add(line);
                  }
                } catch (IOException e) {
                  // ended
                }
              });
      t.setDaemon(true);
      t.start();
    }

    static List<String> java() {
      return List.of(
          ProcessHandle.current().info().command().orElse("java"),
          "-XX:TieredStopAtLevel=1",
          "-cp",
          String.join(
              File.pathSeparator,
              System.getProperty("java.class.path"),
              "target/test-classes",
              "target/classes"),
          "dev.bootkeeper.dhcp.DhcpProbeMain");
    }

    static Probe start(String action, String mac) throws IOException {
      List<String> cmd = new ArrayList<>(inNs(C));
      cmd.addAll(java());
      cmd.addAll(List.of(action, "bios", mac));
      return new Probe(new ProcessBuilder(cmd).redirectErrorStream(true).start());
    }

    void tell() throws IOException {
      in.write("go\n");
      in.flush();
    }

    String await(String text, int seconds) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (System.nanoTime() < deadline) {
        for (String l : lines) {
          if (l.contains(text)) {
            return l;
          }
        }
        Thread.sleep(50);
      }
      throw new AssertionError("no line with '" + text + "' from the probe:\n" + output());
    }

    String output() {
      return String.join("\n", lines);
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
