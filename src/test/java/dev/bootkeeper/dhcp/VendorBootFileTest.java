package dev.bootkeeper.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VendorBootFileTest {

  @Test
  void theConfigurationListIsReadAndTheLongestPrefixWins() {
    List<VendorBootFile> v =
        VendorBootFile.fromConfig(List.of("U-Boot=boot/any.scr", "U-Boot.armv8 = boot/arm64.scr"));
    assertEquals(
        "boot/arm64.scr",
        VendorBootFile.match(v, Optional.of("U-Boot.armv8")).orElseThrow().bootFile());
    assertEquals(
        "boot/any.scr",
        VendorBootFile.match(v, Optional.of("U-Boot.armv7")).orElseThrow().bootFile());
    assertTrue(VendorBootFile.match(v, Optional.of("udhcp 1.35.0")).isEmpty());
    assertTrue(VendorBootFile.match(v, Optional.empty()).isEmpty());
  }

  @Test
  void badEntriesAreRefusedNamingTheKey() {
    assertEquals(
        "bootkeeper.dhcp.vendor-boot-files: 'U-Boot.armv8' is not vendor-class=boot-file",
        assertThrows(
                IllegalArgumentException.class,
                () -> VendorBootFile.fromConfig(List.of("U-Boot.armv8")))
            .getMessage());
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> VendorBootFile.fromConfig(List.of("U-Boot=a b")))
            .getMessage()
            .contains("[0].bootFile 'a b' may only hold printable ASCII without spaces"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> VendorBootFile.fromConfig(List.of("U-Boot=" + "x".repeat(128))))
            .getMessage()
            .contains("longer than 127"));
  }
}
