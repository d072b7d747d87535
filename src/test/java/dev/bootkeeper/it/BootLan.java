package dev.bootkeeper.it;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A private boot network made of two network namespaces, for one test class. The appliance runs in
 * {@link #appliance} with one interface, {@code bk0}, holding {@code 198.18.N.1/24} (a veth, as a
 * server NIC). Its peer sits on the bridge {@code br0} in {@link #lan}, where the guests' taps and
 * any other server (dnsmasq) live. The bridge has no address: the appliance listens on the wildcard
 * address, and an addressed bridge in its namespace would hand it every broadcast twice.
 *
 * <p>Only 198.18.0.0/15 (RFC 2544 benchmarking space) is used, no route leaves the namespaces, and
 * the host's own interfaces are never touched. {@link #close()} kills whatever still runs inside
 * and deletes both namespaces.
 */
final class BootLan implements AutoCloseable {

  private static final String PREFIX = "bk-e2e-";
  private static final Pattern OURS = Pattern.compile("^" + PREFIX + "[a-z0-9]+-(\\d+)(-lan)?$");

  final String appliance;
  final String lan;
  private final String net;
  private int taps;

  private BootLan(String appliance, String lan, String net) {
    this.appliance = appliance;
    this.lan = lan;
    this.net = net;
  }

  /**
   * Creates the network {@code 198.18.<subnet>.0/24}. {@code label}: lower-case letters and digits,
   * short (it names the namespaces).
   */
  static BootLan create(String label, int subnet) {
    Shell.require("/usr/sbin/ip", "iproute2");
    removeStale();
    long pid = ProcessHandle.current().pid();
    String ns = PREFIX + label + "-" + pid;
    BootLan l = new BootLan(ns, ns + "-lan", "198.18." + subnet + ".");
    try {
      for (String n : List.of(l.appliance, l.lan)) {
        Shell.run(10, "ip", "netns", "add", n);
        Shell.run(10, "ip", "-n", n, "link", "set", "lo", "up");
      }
      Shell.run(10, "ip", "-n", l.lan, "link", "add", "br0", "type", "bridge");
      Shell.run(10, "ip", "-n", l.lan, "link", "set", "br0", "up");
      l.veth(l.appliance, "bk0", l.server());
      return l;
    } catch (RuntimeException e) {
      l.close();
      throw e;
    }
  }

  /** The appliance's address. */
  String server() {
    return net + "1";
  }

  /** An address of this network: {@code host} is the last octet. */
  String address(int host) {
    return net + host;
  }

  String subnet() {
    return net + "0/24";
  }

  /** A new tap on the bridge for one guest; returns its name. */
  synchronized String tap() {
    String tap = "tap" + taps++;
    Shell.run(10, "ip", "-n", lan, "tuntap", "add", "dev", tap, "mode", "tap");
    Shell.run(10, "ip", "-n", lan, "link", "set", tap, "master", "br0");
    Shell.run(10, "ip", "-n", lan, "link", "set", tap, "up");
    return tap;
  }

  /**
   * Another server on the network: an interface {@code name} in {@link #lan} with this address, on
   * the bridge. Programs that bind to it by device (dnsmasq {@code --interface}) see only it.
   */
  void addServer(String name, String address) {
    veth(lan, name, address);
  }

  private void veth(String ns, String name, String address) {
    String peer = name + "p";
    Shell.run(
        10, "ip", "link", "add", name, "netns", ns, "type", "veth", "peer", "name", peer, "netns",
        lan);
    Shell.run(10, "ip", "-n", lan, "link", "set", peer, "master", "br0");
    Shell.run(10, "ip", "-n", lan, "link", "set", peer, "up");
    Shell.run(10, "ip", "-n", ns, "addr", "add", address + "/24", "dev", name);
    Shell.run(10, "ip", "-n", ns, "link", "set", name, "up");
  }

  List<String> inAppliance(List<String> cmd) {
    return Shell.in(appliance, cmd);
  }

  List<String> inLan(List<String> cmd) {
    return Shell.in(lan, cmd);
  }

  /** Kills what still runs in the namespaces (all of it started by this test) and deletes them. */
  @Override
  public void close() {
    for (String n : List.of(appliance, lan)) {
      killInside(n);
      Shell.quietly("ip", "netns", "del", n);
    }
  }

  private static void killInside(String ns) {
    List<ProcessHandle> inside = new ArrayList<>();
    try {
      for (String pid : Shell.run(10, "ip", "netns", "pids", ns).split("\\s+")) {
        if (!pid.isBlank()) {
          ProcessHandle.of(Long.parseLong(pid.strip())).ifPresent(inside::add);
        }
      }
    } catch (RuntimeException e) {
      return;
    }
    inside.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle p : inside) {
      p.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).exceptionally(t -> p).join();
    }
  }

  /** Namespaces left by an earlier run of these tests whose JVM died before cleaning up. */
  private static void removeStale() {
    String list;
    try {
      list = Shell.run(10, "ip", "netns", "list");
    } catch (RuntimeException e) {
      return;
    }
    for (String line : list.split("\n")) {
      String name = line.split("\\s+")[0];
      Matcher m = OURS.matcher(name);
      if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
        killInside(name);
        Shell.quietly("ip", "netns", "del", name);
      }
    }
  }
}
