package dev.bootkeeper.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.Golden;
import dev.bootkeeper.store.ProfileKind;
import dev.bootkeeper.store.Stage3Method;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConfigRendererTest {

  static final RenderContext CTX =
      new RenderContext(
          "198.18.0.1",
          "http://198.18.0.1:8080",
          "/srv/bootkeeper/images",
          Optional.of(MacAddress.of("52:54:00:12:34:56")),
          "undionly.kpxe",
          "snponly.efi");

  static final ProfileSpec LINUX =
      ProfileSpec.simple(
          "debian",
          ProfileKind.LINUX,
          "debian/vmlinuz",
          List.of("debian/initrd.img", "https://mirror.example/extra.img"),
          "console=ttyS0 root=/dev/ram0 server=${pxeserver} token=t-42");

  static final ProfileSpec LOCAL =
      ProfileSpec.simple("local-disk", ProfileKind.LOCAL, null, List.of(), null);

  static final ProfileSpec CHAIN =
      ProfileSpec.simple("win", ProfileKind.CHAIN, "wds/wdsnbp.com", List.of(), null);

  static final ProfileSpec IPXE =
      new ProfileSpec(
          "script",
          "Custom script",
          ProfileKind.IPXE,
          null,
          List.of(),
          null,
          "#!ipxe\necho hello from ${bootkeeper_server}\nchain http://${next-server}/x.ipxe",
          Optional.empty(),
          null,
          Map.of(),
          Map.of(),
          0,
          Optional.empty());

  static final ProfileSpec STAGE3_HTTP =
      new ProfileSpec(
          "rescue",
          "SystemRescue",
          ProfileKind.LINUX,
          "sr/sysresccd/boot/x86_64/vmlinuz",
          List.of("sr/sysresccd/boot/x86_64/sysresccd.img"),
          "archisobasedir=sysresccd ip=dhcp archiso_http_srv=${bootkeeper_stage3} checksum",
          null,
          Optional.of(Stage3Method.HTTP),
          "sr",
          Map.of(),
          Map.of(),
          0,
          Optional.empty());

  private final ConfigRenderer renderer = new ConfigRenderer();

  @ParameterizedTest
  @EnumSource(ConfigFormat.class)
  void rendersEachKindInEachFormat(ConfigFormat format) {
    for (ProfileSpec p : List.of(LINUX, LOCAL, CHAIN, IPXE, STAGE3_HTTP)) {
      Golden.assertMatches(
          "render/" + p.name() + "." + format.id(), renderer.render(p, format, CTX));
    }
  }

  @Test
  void substitutesTheServerAddressBecauseIpxeAndGrubCannot() {
    for (ConfigFormat f : ConfigFormat.values()) {
      String out = renderer.render(LINUX, f, CTX);
      assertFalse(out.contains("${pxeserver}"), f + " still has ${pxeserver}:\n" + out);
      assertTrue(out.contains("server=198.18.0.1"), f + ":\n" + out);
    }
  }

  @Test
  void leavesIpxeVariablesAloneInScripts() {
    String out = renderer.render(IPXE, ConfigFormat.IPXE, CTX);
    assertTrue(out.contains("${next-server}"), out);
    assertTrue(out.contains("hello from 198.18.0.1"), out);
    assertTrue(out.startsWith("#!ipxe\n"), out);
  }

  @Test
  void aCustomTemplateReplacesTheBuiltIn() {
    ProfileSpec custom =
        new ProfileSpec(
            "custom",
            null,
            ProfileKind.LINUX,
            "k",
            List.of(),
            "quiet",
            null,
            Optional.empty(),
            null,
            Map.of(
                ConfigFormat.PXELINUX,
                "DEFAULT x\nLABEL x\n  LINUX {kernel}\n  APPEND {cmdline} mac={mac}\n"),
            Map.of(),
            0,
            Optional.empty());
    Golden.assertMatches(
        "render/custom.pxelinux", renderer.render(custom, ConfigFormat.PXELINUX, CTX));
  }

  static ProfileSpec linux(String description, String kernel, String cmdline) {
    return new ProfileSpec(
        "inj",
        description,
        ProfileKind.LINUX,
        kernel,
        List.of("debian/initrd.img"),
        cmdline,
        null,
        Optional.empty(),
        null,
        Map.of(),
        Map.of(),
        0,
        Optional.empty());
  }

  static ProfileSpec withTemplate(ConfigFormat format, String template) {
    return new ProfileSpec(
        "tpl",
        null,
        ProfileKind.LINUX,
        "k",
        List.of(),
        null,
        null,
        Optional.empty(),
        null,
        Map.of(format, template),
        Map.of(),
        0,
        Optional.empty());
  }

  @Test
  void aQuoteInTheDescriptionCannotAddAGrubMenuEntry() {
    String out =
        renderer.render(
            linux(
                "Rescue' { linux (tftp,6.6.6.6)/evil; boot; } menuentry 'x", "debian/vmlinuz", ""),
            ConfigFormat.GRUB,
            CTX);
    assertTrue(
        out.contains(
            "menuentry 'Rescue'\\'' { linux (tftp,6.6.6.6)/evil; boot; } menuentry '\\''x' {\n"),
        out);
  }

  @Test
  void aSemicolonInTheCommandLineStaysAnArgumentInGrub() {
    String out =
        renderer.render(linux(null, "debian/vmlinuz", "quiet; reboot"), ConfigFormat.GRUB, CTX);
    assertTrue(out.contains("  linux (tftp,198.18.0.1)/debian/vmlinuz 'quiet;' reboot\n"), out);
  }

  @Test
  void aStoredProfileWithAnUnsafeValueIsNotRendered() {
    for (ProfileSpec bad :
        List.of(
            linux(null, "debian/vmlinuz initrd=evil", null),
            linux(null, "debian/vmlinuz", "quiet\u2028DEFAULT evil"),
            linux("Rescue\u0085MENU evil", "debian/vmlinuz", null),
            linux(null, "debian/vmlinuz", "quiet || shell"))) {
      for (ConfigFormat f : ConfigFormat.values()) {
        assertThrows(
            ConfigRenderException.class, () -> renderer.render(bad, f, CTX), f + " " + bad);
      }
    }
  }

  @Test
  void aCustomTemplateThatFailsSaysSoInOneLine() {
    ConfigRenderException e =
        assertThrows(
            ConfigRenderException.class,
            () ->
                renderer.render(
                    withTemplate(ConfigFormat.IPXE, "{nothere.foo}"), ConfigFormat.IPXE, CTX));
    assertTrue(e.getMessage().contains("nothere"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void renderingStopsAtTheSizeLimit() {
    ProfileSpec loop = withTemplate(ConfigFormat.IPXE, "{#for i in 1000000}0123456789{/for}");
    ConfigRenderException e =
        assertThrows(
            ConfigRenderException.class,
            () -> new ConfigRenderer(64 * 1024).render(loop, ConfigFormat.IPXE, CTX));
    assertTrue(e.getMessage().contains("larger than 65536 bytes"), e.getMessage());
    ProfileSpec small = withTemplate(ConfigFormat.IPXE, "{#for i in 6000}0123456789{/for}");
    assertEquals(60_000, renderer.render(small, ConfigFormat.IPXE, CTX).length());
  }
}
