package dev.bootkeeper.boot;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** The appliance-wide settings. Each key can be overridden by -D or an environment variable. */
@ConfigMapping(prefix = "bootkeeper")
public interface BootkeeperConfig {

  /** Where the database and other state live. */
  @WithDefault("./data")
  String dataDir();

  /** The boot-image root that TFTP, HTTP and NBD serve. */
  @WithDefault("./images")
  String imagesDir();

  /**
   * The IPv4 address clients use to reach this appliance (DHCP next-server, URLs in rendered
   * configs). Detected from the host's interfaces when unset.
   */
  Optional<String> serverAddress();

  /**
   * The path under which an NFS server (run by the operator) exports the images directory, for
   * profiles whose stage 3 is NFS. Defaults to the images directory's absolute path.
   */
  Optional<String> nfsRoot();

  /**
   * The most bytes one rendered boot config may have: a custom template whose test render is larger
   * is refused at save, and a config that grows past it at boot time is not served.
   */
  @WithDefault("65536")
  int maxConfigBytes();

  /**
   * Whether the start puts the boot loaders bundled with the appliance into the images directory
   * (only those missing there; the admin's own files are never replaced).
   */
  @WithDefault("true")
  boolean installBootloaders();

  /**
   * This appliance's name among several on one database: every boot step it serves carries it
   * (events page, API, live view). Defaults to the host name.
   */
  Optional<String> nodeName();

  /** The profile a machine with no host record and no matching label rule boots. */
  @WithDefault("local-disk")
  String defaultProfile();
}
