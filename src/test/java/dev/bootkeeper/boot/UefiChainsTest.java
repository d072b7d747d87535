package dev.bootkeeper.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.store.ProfileKind;
import dev.bootkeeper.store.UefiChain;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UefiChainsTest {

  private static final List<String> SB_LABELS = List.of("secureboot", "vendor=dell");

  private static ProfileSpec profile(UefiChain chain) {
    return new ProfileSpec(
        "rescue",
        null,
        ProfileKind.LINUX,
        "k",
        List.of(),
        null,
        null,
        Optional.empty(),
        null,
        Map.of(),
        Map.of(),
        0,
        Optional.ofNullable(chain));
  }

  private static Optional<HostSpec> host(UefiChain chain, Map<String, String> labels) {
    return Optional.of(
        new HostSpec(
            MacAddress.of("52:54:00:00:00:01"),
            "lab-1",
            Optional.empty(),
            Optional.empty(),
            labels,
            Optional.ofNullable(chain)));
  }

  @Test
  void theHostRecordWinsOverLabelsAndProfile() {
    UefiChains.Choice c =
        UefiChains.choose(
            host(UefiChain.IPXE, Map.of("secureboot", "yes")),
            profile(UefiChain.SECURE_BOOT),
            UefiChain.SECURE_BOOT,
            SB_LABELS);
    assertEquals(UefiChain.IPXE, c.chain());
    assertEquals("chosen on the host record", c.reason());
  }

  @Test
  void aSecureBootLabelWinsOverTheProfile() {
    UefiChains.Choice c =
        UefiChains.choose(
            host(null, Map.of("vendor", "dell")),
            profile(UefiChain.IPXE),
            UefiChain.IPXE,
            SB_LABELS);
    assertEquals(UefiChain.SECURE_BOOT, c.chain());
    assertTrue(c.reason().contains("'vendor=dell'"), c.reason());
  }

  @Test
  void aLabelWithAnotherValueDoesNotMatch() {
    UefiChains.Choice c =
        UefiChains.choose(
            host(null, Map.of("vendor", "hp")), profile(null), UefiChain.IPXE, SB_LABELS);
    assertEquals(UefiChain.IPXE, c.chain());
    assertTrue(c.reason().contains("default"), c.reason());
  }

  @Test
  void theProfileChoosesWhenHostAndLabelsDoNot() {
    UefiChains.Choice c =
        UefiChains.choose(
            host(null, Map.of()), profile(UefiChain.SECURE_BOOT), UefiChain.IPXE, SB_LABELS);
    assertEquals(UefiChain.SECURE_BOOT, c.chain());
    assertEquals("chosen by its profile 'rescue'", c.reason());
  }

  @Test
  void anUnknownMachineGetsTheProfileThenTheDefault() {
    assertEquals(
        UefiChain.SECURE_BOOT,
        UefiChains.choose(Optional.empty(), profile(null), UefiChain.SECURE_BOOT, SB_LABELS)
            .chain());
    assertEquals(
        UefiChain.IPXE,
        UefiChains.choose(
                Optional.empty(), profile(UefiChain.IPXE), UefiChain.SECURE_BOOT, List.of())
            .chain());
  }
}
