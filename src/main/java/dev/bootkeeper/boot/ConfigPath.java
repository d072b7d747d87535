package dev.bootkeeper.boot;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The per-client config files boot loaders ask for, recognised from a normalised path, and the
 * order in which pxelinux and GRUB search for them.
 */
public sealed interface ConfigPath {

  ConfigFormat format();

  /** {@code pxelinux.cfg/<uuid>} or {@code grub.cfg-<uuid>}: only a host with that UUID answers. */
  record ByUuid(ConfigFormat format, ClientUuid uuid) implements ConfigPath {}

  /** {@code pxelinux.cfg/01-<mac>}, {@code grub.cfg-01-<mac>}, {@code boot/<mac>.ipxe}. */
  record ByMac(ConfigFormat format, MacAddress mac) implements ConfigPath {}

  /** {@code pxelinux.cfg/C0A8} and friends: an IPv4 address as upper-case hex, maybe shortened. */
  record ByHexIp(ConfigFormat format, String hexPrefix) implements ConfigPath {}

  /** {@code pxelinux.cfg/default} or GRUB's plain {@code grub.cfg}: the machine is not named. */
  record Generic(ConfigFormat format) implements ConfigPath {}

  Pattern PXELINUX = Pattern.compile("(?:.*/)?pxelinux\\.cfg/([^/]+)");
  Pattern GRUB_NAMED = Pattern.compile("(?:.*/)?grub\\.cfg-([^/]+)");
  Pattern GRUB_PLAIN = Pattern.compile("(?:.*/)?grub\\.cfg");
  Pattern ARP_MAC = Pattern.compile("(?i)01-(.+)");
  Pattern HEX_IP = Pattern.compile("[0-9A-F]{1,8}");

  static Optional<ConfigPath> parse(String normalisedPath) {
    // Each pattern only where its literal is: most paths (kernels, initrds, images) and every iPXE
    // script request are told apart without a regular expression, which allocates its matcher even
    // when it fails.
    if (normalisedPath.contains("pxelinux.cfg/")) {
      Matcher m = PXELINUX.matcher(normalisedPath);
      if (m.matches()) {
        return named(ConfigFormat.PXELINUX, m.group(1), true);
      }
    }
    if (normalisedPath.contains("grub.cfg")) {
      Matcher m = GRUB_NAMED.matcher(normalisedPath);
      if (m.matches()) {
        return named(ConfigFormat.GRUB, m.group(1), false);
      }
      if (GRUB_PLAIN.matcher(normalisedPath).matches()) {
        return Optional.of(new Generic(ConfigFormat.GRUB));
      }
    }
    return ipxeScriptMac(normalisedPath).map(mac -> new ByMac(ConfigFormat.IPXE, mac));
  }

  /**
   * The MAC an iPXE script path names ({@code boot/<mac>.ipxe}, a normalised path); empty for any
   * other path. By hand: every script request of a storm asks this, twice.
   */
  static Optional<MacAddress> ipxeScriptMac(String normalisedPath) {
    if (!normalisedPath.startsWith("boot/") || !normalisedPath.endsWith(".ipxe")) {
      return Optional.empty();
    }
    String name =
        normalisedPath.substring("boot/".length(), normalisedPath.length() - ".ipxe".length());
    return name.indexOf('/') >= 0 ? Optional.empty() : MacAddress.parse(name);
  }

  /**
   * The MAC a requested path names ({@code pxelinux.cfg/01-<mac>}, {@code grub.cfg-01-<mac>},
   * {@code boot/<mac>.ipxe}), as the client sent it: a path the image root refuses names no one.
   */
  static Optional<MacAddress> macNamedBy(String requestedPath) {
    if (!(ImageRoot.normalise(requestedPath) instanceof ImageRoot.Normalised.Ok ok)) {
      return Optional.empty();
    }
    return parse(ok.path()).filter(ByMac.class::isInstance).map(c -> ((ByMac) c).mac());
  }

  private static Optional<ConfigPath> named(ConfigFormat format, String name, boolean pxelinux) {
    if (pxelinux && name.equals("default")) {
      return Optional.of(new Generic(format));
    }
    Matcher mac = ARP_MAC.matcher(name);
    if (mac.matches()) {
      return MacAddress.parse(mac.group(1)).map(m -> new ByMac(format, m));
    }
    Optional<ClientUuid> uuid = ClientUuid.parseWireOrder(name);
    if (uuid.isPresent()) {
      return Optional.of(new ByUuid(format, uuid.get()));
    }
    if (HEX_IP.matcher(name).matches()) {
      return Optional.of(new ByHexIp(format, name));
    }
    return Optional.empty();
  }

  /** An IPv4 address as pxelinux spells it: 8 upper-case hex digits. */
  static String hexIp(Inet4Address address) {
    return HexFormat.of().formatHex(address.getAddress()).toUpperCase(Locale.ROOT);
  }

  /**
   * The names pxelinux tries, in order, relative to its {@code pxelinux.cfg/} directory (syslinux
   * {@code pxe_open_config}): the UUID when usable, {@code 01-<mac>}, the hex IP shortened one
   * digit at a time, then {@code default}.
   */
  static List<String> pxelinuxSearchOrder(
      Optional<ClientUuid> uuid, MacAddress mac, Optional<Inet4Address> ip) {
    List<String> names = new ArrayList<>();
    uuid.filter(ClientUuid::usableByPxelinux).ifPresent(u -> names.add(u.wireOrder()));
    names.add(mac.bootif());
    ip.ifPresent(
        a -> {
          String hex = hexIp(a);
          for (int len = 8; len >= 1; len--) {
            names.add(hex.substring(0, len));
          }
        });
    names.add("default");
    return names;
  }
}
