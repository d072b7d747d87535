package dev.bootkeeper.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigPathTest {

  static final MacAddress MAC = MacAddress.of("88:99:AA:BB:CC:DD");

  /** The example of syslinux doc/pxelinux.txt: UUID, MAC, then C000025B shortened, then default. */
  @Test
  void pxelinuxSearchOrderIsExactlySyslinuxs() {
    ClientUuid uuid =
        new ClientUuid(
            HexFormat.of().parseHex("b8945908d6a64a61b3ba4c6f3dc2f2ab".replace("-", "")));
    List<String> expected =
        List.of(
            "b8945908-d6a6-4a61-b3ba-4c6f3dc2f2ab",
            "01-88-99-aa-bb-cc-dd",
            "C000025B",
            "C000025",
            "C00002",
            "C0000",
            "C000",
            "C00",
            "C0",
            "C",
            "default");
    assertEquals(
        expected, ConfigPath.pxelinuxSearchOrder(Optional.of(uuid), MAC, Ipv4.parse("192.0.2.91")));
  }

  @Test
  void anInvalidUuidIsSkippedAsPxelinuxDoes() {
    ClientUuid zeros = new ClientUuid(new byte[16]);
    assertEquals(
        List.of("01-88-99-aa-bb-cc-dd", "default"),
        ConfigPath.pxelinuxSearchOrder(Optional.of(zeros), MAC, Optional.empty()));
  }

  @ParameterizedTest
  @CsvSource({
    "pxelinux.cfg/01-88-99-aa-bb-cc-dd, ByMac, PXELINUX",
    "bios/pxelinux.cfg/01-88-99-AA-BB-CC-DD, ByMac, PXELINUX",
    "pxelinux.cfg/b8945908-d6a6-4a61-b3ba-4c6f3dc2f2ab, ByUuid, PXELINUX",
    "pxelinux.cfg/C000025B, ByHexIp, PXELINUX",
    "pxelinux.cfg/C0, ByHexIp, PXELINUX",
    "pxelinux.cfg/default, Generic, PXELINUX",
    "grub/grub.cfg-01-88-99-aa-bb-cc-dd, ByMac, GRUB",
    "grub/grub.cfg-01-88:99:aa:bb:cc:dd, ByMac, GRUB",
    "grub.cfg-C000025B, ByHexIp, GRUB",
    "grub/grub.cfg, Generic, GRUB",
    "boot/88:99:aa:bb:cc:dd.ipxe, ByMac, IPXE",
    "boot/8899aabbccdd.ipxe, ByMac, IPXE",
  })
  void recognisesPerClientNames(String path, String kind, ConfigFormat format) {
    ConfigPath p = ConfigPath.parse(path).orElseThrow();
    assertEquals(kind, p.getClass().getSimpleName());
    assertEquals(format, p.format());
    if (p instanceof ConfigPath.ByMac m) {
      assertEquals(MAC, m.mac());
    }
  }

  @ParameterizedTest
  @CsvSource({
    "pxelinux.0",
    "pxelinux.cfg/menu.c32",
    "grub/x86_64-efi/http.mod",
    "boot/notamac.ipxe",
    "boot/.ipxe",
    "boot/sub/88:99:aa:bb:cc:dd.ipxe",
    "other/boot/88:99:aa:bb:cc:dd.ipxe",
    "boot/88:99:aa:bb:cc:dd.ipxe.bak",
    "images/grub.cfg.bak"
  })
  void leavesOtherFilesToTheDisk(String path) {
    assertTrue(ConfigPath.parse(path).isEmpty(), path);
  }
}
