package dev.bootkeeper.boot;

import java.util.Optional;

/**
 * Everything about the client and the appliance a renderer needs besides the profile.
 *
 * @param server the appliance's IPv4 address as text
 * @param httpBase the machine-facing HTTP base URL, without a trailing slash
 * @param nfsRoot the path under which an NFS server exports the images directory
 * @param mac the client's MAC, when the config is rendered for one machine
 * @param ipxeBiosLoader the iPXE loader pxelinux chains to for iPXE-script profiles
 * @param ipxeEfiLoader the iPXE loader GRUB chains to for iPXE-script profiles
 */
public record RenderContext(
    String server,
    String httpBase,
    String nfsRoot,
    Optional<MacAddress> mac,
    String ipxeBiosLoader,
    String ipxeEfiLoader) {

  public RenderContext {
    mac = mac == null ? Optional.empty() : mac;
  }

  /** A made-up client that custom templates are test-rendered for before they are saved. */
  public static RenderContext sample() {
    return new RenderContext(
        "192.0.2.10",
        "http://192.0.2.10:8080",
        "/srv/bootkeeper/images",
        Optional.of(MacAddress.of("52:54:00:00:00:01")),
        "undionly.kpxe",
        "snponly.efi");
  }

  public RenderContext forMac(Optional<MacAddress> client) {
    return new RenderContext(server, httpBase, nfsRoot, client, ipxeBiosLoader, ipxeEfiLoader);
  }
}
