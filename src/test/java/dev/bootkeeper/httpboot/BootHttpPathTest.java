package dev.bootkeeper.httpboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BootHttpPathTest {

  @ParameterizedTest
  @CsvSource({
    "/images/pxelinux.0, pxelinux.0",
    "/images/sysresccd/x86_64/airootfs.sfs, sysresccd/x86_64/airootfs.sfs",
    "/images/a%20b+c, a b+c",
    "/images/%2e%2e/etc/passwd, ../etc/passwd",
    "/images/..%2f..%2fetc, ../../etc",
    "/images/a%5cb, a\\b",
    "/images/, /",
    "/images, /",
    "/boot/52:54:00:12:34:56.ipxe, boot/52:54:00:12:34:56.ipxe",
    "/boot/52%3A54%3A00%3A12%3A34%3A56.ipxe, boot/52:54:00:12:34:56.ipxe",
    "/images/caf%C3%A9, café",
  })
  void pathsAreDecodedOnceAndLeftForTheTreeToJudge(String raw, String lookup) {
    assertEquals(new BootHttpPath.Lookup(lookup), BootHttpPath.parse(raw, null));
  }

  @Test
  void nulIsDecodedSoTheTreeRefusesIt() {
    assertEquals(new BootHttpPath.Lookup("a\u0000b"), BootHttpPath.parse("/images/a%00b", null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/images/%zz", "/images/%4", "/images/%c0%ae%c0%ae/x", "/images/%ff"})
  void malformedEncodingIsABadRequest(String raw) {
    assertInstanceOf(BootHttpPath.Bad.class, BootHttpPath.parse(raw, null));
  }

  @Test
  void bootScriptTakesTheMacFromTheQuery() {
    assertEquals(
        new BootHttpPath.Lookup("boot/52:54:00:12:34:56.ipxe"),
        BootHttpPath.parse("/boot.ipxe", "52-54-00-12-34-56"));
    assertInstanceOf(BootHttpPath.ScriptForCaller.class, BootHttpPath.parse("/boot.ipxe", null));
    BootHttpPath bad = BootHttpPath.parse("/boot.ipxe", "nonsense\n");
    assertInstanceOf(BootHttpPath.Bad.class, bad);
    assertTrue(((BootHttpPath.Bad) bad).reason().contains("'nonsense?' is not a MAC address"));
  }

  @Test
  void onlyBootPathsAreOurs() {
    assertTrue(BootHttpPath.isBootPath("/images/x"));
    assertTrue(BootHttpPath.isBootPath("/boot/x.ipxe"));
    assertTrue(BootHttpPath.isBootPath("/boot.ipxe"));
    assertFalse(BootHttpPath.isBootPath("/api/v1/hosts"));
    assertFalse(BootHttpPath.isBootPath("/imagesx"));
    assertFalse(BootHttpPath.isBootPath("/"));
    assertFalse(BootHttpPath.isBootPath("/bootx"));
  }

  @Test
  void percentDecodingKeepsPlusAndRejectsBadUtf8() {
    assertEquals(Optional.of("a+b"), BootHttpPath.percentDecode("a+b"));
    assertEquals(Optional.empty(), BootHttpPath.percentDecode("%c3"));
  }
}
