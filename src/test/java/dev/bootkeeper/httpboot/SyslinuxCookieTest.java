package dev.bootkeeper.httpboot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bootkeeper.boot.MacAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SyslinuxCookieTest {

  @Test
  void readsBootifAsLpxelinuxSendsIt() {
    // syslinux core/fs/pxe/http.c: SYSAPPEND strings as _Syslinux_<name>=<value>; pairs.
    String header =
        "_Syslinux_ip=198.18.0.10%3A198.18.0.1%3A198.18.0.1%3A255.255.255.0;"
            + "_Syslinux_BOOTIF=01-52-54-00-ab-cd-ef;_Syslinux_SYSUUID=564d1234-5678;";
    assertEquals(Optional.of(MacAddress.of("52:54:00:ab:cd:ef")), SyslinuxCookie.bootif(header));
  }

  @Test
  void noCookieOrNoBootifIsNoMac() {
    assertEquals(Optional.empty(), SyslinuxCookie.bootif(null));
    assertEquals(Optional.empty(), SyslinuxCookie.bootif("_Syslinux_ip=1"));
    assertEquals(Optional.empty(), SyslinuxCookie.bootif("_Syslinux_BOOTIF=garbage"));
  }
}
