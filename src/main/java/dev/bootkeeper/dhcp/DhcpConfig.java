package dev.bootkeeper.dhcp;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** DHCP and proxyDHCP settings ({@code bootkeeper.dhcp.*}). */
@ConfigMapping(prefix = "bootkeeper.dhcp")
public interface DhcpConfig {

  /**
   * {@code off} (another server does everything), {@code proxy} (another server gives addresses,
   * Bootkeeper adds boot information for PXE clients) or {@code full} (Bootkeeper is the DHCP
   * server of the segment).
   */
  @WithDefault("off")
  DhcpMode mode();

  /**
   * The interface that faces the machines to boot. When set, the server address (option 54, siaddr,
   * source of replies) is this interface's first IPv4 address unless {@code
   * bootkeeper.server-address} says otherwise, and broadcast replies leave through it (a send
   * socket bound to that address). It does not filter what is received: the JVM can neither bind a
   * socket to a device nor learn the arrival interface of a datagram, so on a multi-homed host DHCP
   * broadcasts from every interface reach Bootkeeper. Run it where only the boot network is visible
   * (a container with a macvlan, a firewall rule) if that matters.
   */
  @WithName("interface")
  Optional<String> iface();

  /** UDP port of the DHCP server; 67 on a real network (needs CAP_NET_BIND_SERVICE). */
  @WithDefault("67")
  int port();

  /** UDP port of the PXE boot server used by UEFI firmware in proxy mode. */
  @WithDefault("4011")
  int proxyPort();

  /** The address the sockets bind. Keep the wildcard: broadcasts reach only 0.0.0.0. */
  @WithDefault("0.0.0.0")
  String bindAddress();

  /** Full mode: the network served, as a CIDR, e.g. {@code 192.168.50.0/24}. */
  Optional<String> subnet();

  /**
   * Full mode: the dynamic range, first-last inclusive, e.g. {@code 192.168.50.100-192.168.50.199}.
   */
  Optional<String> range();

  /** Full mode: the default gateway handed out (option 3); none when unset. */
  Optional<String> router();

  /** Full mode: DNS servers handed out (option 6), comma-separated. */
  Optional<List<String>> dns();

  /** Full mode: the domain name handed out (option 15). */
  Optional<String> domain();

  /**
   * Full mode: lease duration (option 51), as a Quarkus duration: {@code 12h}, {@code 30m}, a plain
   * number of seconds, or ISO-8601 {@code PT12H}. At least one minute.
   */
  @WithDefault("12h")
  Duration leaseTime();

  /**
   * Full mode: boot files for clients that are not PXE firmware, by vendor class (option 60,
   * matched by prefix), comma-separated {@code vendor-class=file} pairs, e.g. {@code
   * U-Boot.armv8=boot/arm64/boot.scr.uimg,U-Boot.armv7=boot/armv7/boot.scr.uimg}. Stored settings
   * (API, Settings page) override this list.
   */
  Optional<List<String>> vendorBootFiles();

  /** Full mode: how long an offered address is held for the client before it requests it. */
  @WithDefault("60s")
  Duration offerHold();

  /** Full mode: how long an address a client DECLINEd (in use by someone else) stays unused. */
  @WithDefault("10m")
  Duration declineHold();

  /**
   * Threads for policy and lease-store calls (requests of one MAC always run in order). Unset, the
   * server picks: four per core when its lease store answers without waiting for a commit (the
   * embedded database), 128 when an offer waits for one (PostgreSQL). See {@code
   * DhcpServer#workersFor}.
   */
  OptionalInt workers();

  /**
   * The nice value (-20 to 19) of the DHCP server's threads; 0 leaves them at the process's. A
   * negative value needs root or CAP_SYS_NICE. See {@code DhcpStartup#favourServerThreads}.
   */
  @WithDefault("-5")
  int threadNice();
}
