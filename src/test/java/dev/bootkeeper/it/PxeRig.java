package dev.bootkeeper.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Everything one end-to-end test class needs: a {@link BootLan}, an images directory with the boot
 * loaders, the test guest and a stage-3 payload, the packaged appliance running inside the network,
 * an API client, and QEMU guests. Profiles and hosts are made through the REST API, as a user makes
 * them. {@link #close()} stops every process and deletes the network.
 */
final class PxeRig implements AutoCloseable {

  /**
   * Deadline for one guest's whole boot, firmware to stage 3: a hard stop for a stalled boot, not a
   * target. A boot takes 20-60 s alone; under TCG every guest in iPXE or pxelinux busy-polls its
   * NIC and takes a full host CPU, so five guests side by side on a loaded 2-core machine each take
   * several times longer.
   */
  static final Duration BOOT_DEADLINE = Duration.ofSeconds(420);

  static final ObjectMapper JSON = new ObjectMapper();

  final BootLan lan;
  final Path dir;
  final Path images;
  final String token =
      "bk_e2e_" + HexFormat.of().formatHex(new java.security.SecureRandom().generateSeed(12));
  final String stage3Sha256;
  private final int subnet;
  private final List<PxeGuest> guests = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> others = new CopyOnWriteArrayList<>();
  private final Map<String, Path> extraLogs = new LinkedHashMap<>();
  private Appliance appliance;
  private int macs;

  private PxeRig(BootLan lan, Path dir, Path images, String stage3Sha256, int subnet) {
    this.lan = lan;
    this.dir = dir;
    this.images = images;
    this.stage3Sha256 = stage3Sha256;
    this.subnet = subnet;
  }

  /** Builds (or reuses) the artifacts, fills an images directory and creates the network. */
  static PxeRig create(String label, int subnet) throws IOException {
    Path dir = BootArtifacts.cache().getParent().resolve(label);
    deleteTree(dir);
    Path images = dir.resolve("images");
    Files.createDirectories(images);
    String sha = BootArtifacts.populate(images);
    return new PxeRig(BootLan.create(label, subnet), dir, images, sha, subnet);
  }

  /** Full-mode DHCP on the appliance's link: addresses .100 to .199, no router (no way out). */
  Map<String, String> fullDhcp() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("bootkeeper.dhcp.mode", "full");
    p.put("bootkeeper.dhcp.interface", "bk0");
    p.put("bootkeeper.dhcp.subnet", lan.subnet());
    p.put("bootkeeper.dhcp.range", lan.address(100) + "-" + lan.address(199));
    p.put("bootkeeper.dhcp.lease-time", "1h");
    return p;
  }

  /**
   * Starts (or restarts) the appliance inside the network with these settings on top of the rig's:
   * its address, the images directory, standard ports and the API token.
   */
  void startAppliance(Map<String, String> settings) throws IOException, InterruptedException {
    if (appliance != null) {
      appliance.close();
    }
    Map<String, String> props = new LinkedHashMap<>();
    props.put("quarkus.http.port", "8080");
    props.put("bootkeeper.server-address", lan.server());
    props.put("bootkeeper.api.tokens", token);
    props.put("bootkeeper.nbd.port", "10809");
    props.put("bootkeeper.tftp.port", "69");
    props.putAll(settings);
    appliance = Appliance.start(dir, props, List.of("ip", "netns", "exec", lan.appliance));
    // Ready means every enabled protocol server is bound, not only the API.
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Appliance.Reply ready = appliance.request("GET", "/q/health/ready", null, null);
    while (ready.status() != 200 && System.nanoTime() < end) {
      Thread.sleep(250);
      ready = appliance.request("GET", "/q/health/ready", null, null);
    }
    if (ready.status() != 200) {
      throw new AssertionError("the appliance is not ready: " + ready.body() + report());
    }
  }

  Appliance appliance() {
    return appliance;
  }

  /** The HTTP base the machines use. */
  String http() {
    return "http://" + lan.server() + ":8080";
  }

  /** A new MAC on this rig: QEMU's prefix, the subnet, a counter. */
  synchronized String mac() {
    return String.format("52:54:00:%02x:00:%02x", subnet, ++macs);
  }

  /** The kernel command line of a test profile: the guest finds its token and stage 3 in it. */
  String cmdline(String bootToken) {
    return "console=ttyS0 bk_token="
        + bootToken
        + " bk_stage3=${bootkeeper_http}/images/"
        + BootArtifacts.STAGE3
        + " bk_sha256="
        + stage3Sha256;
  }

  /** A linux profile booting the test guest with this token; {@code templates} may be empty. */
  void linuxProfile(String name, String bootToken, Map<String, String> templates)
      throws IOException, InterruptedException {
    ObjectNode p = JSON.createObjectNode();
    p.put("name", name);
    p.put("kind", "linux");
    p.put("kernel", "guest/vmlinuz");
    p.putArray("initrds").add("guest/initrd.img");
    p.put("cmdline", cmdline(bootToken));
    if (!templates.isEmpty()) {
      ObjectNode t = p.putObject("templates");
      templates.forEach(t::put);
    }
    ok("POST", "/api/v1/profiles", p.toString());
  }

  void host(String mac, String profile, String nextBootProfile)
      throws IOException, InterruptedException {
    host(mac, profile, nextBootProfile, null);
  }

  /** A host record; {@code uefiChain} ({@code ipxe}, {@code secure-boot}) may be null. */
  void host(String mac, String profile, String nextBootProfile, String uefiChain)
      throws IOException, InterruptedException {
    ObjectNode h = JSON.createObjectNode();
    if (uefiChain != null) {
      h.put("uefiChain", uefiChain);
    }
    h.put("profile", profile);
    if (nextBootProfile != null) {
      h.put("nextBootProfile", nextBootProfile);
    }
    h.put("hostname", "e2e-" + mac.replace(":", ""));
    ok("PUT", "/api/v1/hosts/" + mac, h.toString());
  }

  /** Calls the API with the rig's token; fails with the answer unless it is 2xx. */
  JsonNode ok(String method, String path, String json) throws IOException, InterruptedException {
    Appliance.Reply r = appliance.request(method, path, token, json);
    if (r.status() / 100 != 2) {
      throw new AssertionError(method + " " + path + " -> " + r.status() + ": " + r.body());
    }
    return r.body().isBlank() ? JSON.nullNode() : JSON.readTree(r.body());
  }

  PxeGuest guest(String name, String mac, PxeGuest.Firmware firmware) throws IOException {
    PxeGuest g = PxeGuest.start(lan, dir, name, mac, firmware);
    guests.add(g);
    return g;
  }

  /** Keeps a process (another server) to stop at the end, and its log for failure reports. */
  void keep(String name, Process p, Path log) {
    others.add(p::destroyForcibly);
    extraLogs.put(name, log);
  }

  /** This MAC's boot trace, oldest first. */
  List<JsonNode> events(String mac) throws IOException, InterruptedException {
    JsonNode page =
        ok(
            "GET",
            "/api/v1/events?size=1000&mac=" + URLEncoder.encode(mac, StandardCharsets.UTF_8),
            null);
    List<JsonNode> out = new ArrayList<>();
    page.path("items").forEach(out::add);
    Collections.reverse(out);
    return out;
  }

  /**
   * The trace once it holds every step {@code complete} wants: events are written to the store in
   * batches, so the last ones can trail the boot by a moment.
   */
  List<JsonNode> eventsWhen(String mac, Predicate<List<JsonNode>> complete)
      throws IOException, InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    List<JsonNode> e = events(mac);
    while (!complete.test(e) && System.nanoTime() < end) {
      Thread.sleep(500);
      e = events(mac);
    }
    return e;
  }

  static String timeline(List<JsonNode> events) {
    StringBuilder b = new StringBuilder();
    for (JsonNode e : events) {
      b.append(
          String.format(
              "  %s %-4s %-20s %-6s %s%n",
              e.path("at").asText(),
              e.path("protocol").asText(),
              e.path("step").asText(),
              e.path("outcome").asText(),
              e.path("detail").asText()));
    }
    return b.toString();
  }

  /**
   * Where these guests' boots got to: each one's console and screen, the appliance's log, the other
   * servers' logs and each MAC's boot trace.
   */
  String report(PxeGuest... which) {
    StringBuilder b = new StringBuilder("\n");
    for (PxeGuest g : which) {
      b.append(g.diagnostics()).append('\n');
    }
    try {
      b.append("--- appliance log, last lines:\n")
          .append(PxeGuest.tail(appliance.log(), 60))
          .append('\n');
    } catch (IOException | RuntimeException e) {
      b.append("--- appliance log not readable: ").append(e).append('\n');
    }
    extraLogs.forEach(
        (name, log) -> {
          try {
            b.append("--- ").append(name).append(" log, last lines:\n");
            b.append(PxeGuest.tail(Files.readString(log), 30)).append('\n');
          } catch (IOException e) {
            b.append("(not readable)\n");
          }
        });
    for (PxeGuest g : which) {
      try {
        b.append("--- boot trace of ").append(g.mac).append(":\n").append(timeline(events(g.mac)));
      } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
        b.append("--- boot trace of ").append(g.mac).append(" not readable: ").append(e);
      }
    }
    return b.toString();
  }

  /**
   * Waits for a guest's boot, prints its time (once), and fails with a report of where it stalled
   * unless the guest printed an OK result.
   */
  PxeGuest.Outcome boot(String scenario, PxeGuest g) throws InterruptedException {
    PxeGuest.Outcome o = g.await(BOOT_DEADLINE);
    if (g.firstReport()) {
      printBoot(scenario, g, o);
    }
    if (!o.ok()) {
      String report = report(g);
      g.close();
      throw new AssertionError(scenario + ": " + o.result() + report);
    }
    return o;
  }

  /** Prints one boot's time in the test output. */
  static void printBoot(String scenario, PxeGuest g, PxeGuest.Outcome o) {
    System.out.printf(
        "[e2e] %-44s %-28s %s %s in %5.1f s%n",
        scenario,
        g.firmware.label,
        g.mac,
        o.ok() ? "booted (" + o.result() + ")" : "FAILED (" + o.result() + ")",
        o.seconds());
  }

  @Override
  public void close() {
    for (PxeGuest g : guests) {
      g.close();
    }
    for (AutoCloseable c : others) {
      try {
        c.close();
      } catch (Exception e) {
        // already gone
      }
    }
    if (appliance != null) {
      appliance.close();
    }
    lan.close();
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (var s = Files.walk(p)) {
      for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }
}
