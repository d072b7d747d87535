package dev.bootkeeper.httpboot;

import dev.bootkeeper.boot.MacAddress;
import java.util.Optional;

/**
 * lpxelinux sends its SYSAPPEND strings as a cookie on every HTTP request (syslinux {@code
 * core/fs/pxe/http.c}): {@code Cookie: _Syslinux_ip=…;_Syslinux_BOOTIF=01-aa-bb-cc-dd-ee-ff;…}. The
 * BOOTIF value names the machine, so configs fetched over HTTP can be rendered for it even when
 * DHCP was answered by another server.
 */
final class SyslinuxCookie {

  static final String BOOTIF = "_Syslinux_BOOTIF";

  private SyslinuxCookie() {}

  static Optional<MacAddress> bootif(String cookieHeader) {
    if (cookieHeader == null) {
      return Optional.empty();
    }
    for (String part : cookieHeader.split(";")) {
      String p = part.trim();
      int eq = p.indexOf('=');
      if (eq > 0 && p.substring(0, eq).trim().equals(BOOTIF)) {
        String value = BootHttpPath.percentDecode(p.substring(eq + 1).trim()).orElse("");
        // "01-" is the ARP hardware type (Ethernet) that pxelinux puts before the MAC.
        if (value.length() > 3 && value.startsWith("01-")) {
          return MacAddress.parse(value.substring(3));
        }
        return MacAddress.parse(value);
      }
    }
    return Optional.empty();
  }
}
