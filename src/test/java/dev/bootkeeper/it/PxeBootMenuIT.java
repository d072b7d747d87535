package dev.bootkeeper.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bootkeeper.it.PxeGuest.Firmware;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Boot menus on real firmware: nobody touches the console, so each menu boots its default entry
 * once its timeout (2 s) has passed, on pxelinux's menu.c32 (BIOS), iPXE's {@code choose} (BIOS
 * iPXE ROM) and GRUB (UEFI). The default is the menu's second entry, after the local disk, so a
 * menu that booted its first entry instead never prints the token. The three machines boot side by
 * side on one appliance, whose UEFI loader is GRUB.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PxeBootMenuIT {

  static final String RUN =
      HexFormat.of().formatHex(new java.security.SecureRandom().generateSeed(3));
  static final String TOKEN_PXELINUX = "menu-pxelinux-" + RUN;
  static final String TOKEN_IPXE = "menu-ipxe-" + RUN;
  static final String TOKEN_GRUB = "menu-grub-" + RUN;

  static PxeRig rig;
  static PxeGuest pxelinux;
  static PxeGuest ipxe;
  static PxeGuest grub;

  @BeforeAll
  static void bootEveryLoadersMenuAtOnce() throws Exception {
    rig = PxeRig.create("menu", 14);
    Map<String, String> settings = rig.fullDhcp();
    settings.put("bootkeeper.dhcp.loader.efi-x64", "grubnetx64.efi");
    rig.startAppliance(settings);
    rig.linuxProfile("e2e-entry-pxelinux", TOKEN_PXELINUX, Map.of());
    rig.linuxProfile("e2e-entry-ipxe", TOKEN_IPXE, Map.of());
    rig.linuxProfile("e2e-entry-grub", TOKEN_GRUB, Map.of());
    // QEMU's BIOS option ROM is iPXE: the pxelinux menu's own iPXE template hands over to
    // pxelinux, which then asks for pxelinux.cfg/01-<mac>, the menu rendered for pxelinux.
    menu("e2e-menu-pxelinux", "e2e-entry-pxelinux", PxeBootBiosIT.VIA_PXELINUX);
    menu("e2e-menu-ipxe", "e2e-entry-ipxe", Map.of());
    menu("e2e-menu-grub", "e2e-entry-grub", Map.of());
    String macPxelinux = rig.mac();
    String macIpxe = rig.mac();
    String macGrub = rig.mac();
    rig.host(macPxelinux, "e2e-menu-pxelinux", null);
    rig.host(macIpxe, "e2e-menu-ipxe", null);
    rig.host(macGrub, "e2e-menu-grub", null);
    pxelinux = rig.guest("menu-pxelinux", macPxelinux, Firmware.BIOS_IPXE_ROM);
    ipxe = rig.guest("menu-ipxe", macIpxe, Firmware.BIOS_IPXE_ROM);
    grub = rig.guest("menu-grub", macGrub, Firmware.UEFI_PXE);
  }

  /** A menu of the local disk and then {@code entry}, its default, after a 2-second timeout. */
  static void menu(String name, String entry, Map<String, String> templates) throws Exception {
    ObjectNode p = PxeRig.JSON.createObjectNode();
    p.put("name", name);
    p.put("kind", "menu");
    p.put("description", "Bootkeeper test menu");
    ObjectNode m = p.putObject("menu");
    m.putArray("entries").add("local-disk").add(entry);
    m.put("default", entry);
    m.put("timeout", 2);
    if (!templates.isEmpty()) {
      ObjectNode t = p.putObject("templates");
      templates.forEach(t::put);
    }
    rig.ok("POST", "/api/v1/profiles", p.toString());
  }

  @AfterAll
  static void tearDown() {
    if (rig != null) {
      rig.close();
    }
  }

  /** BIOS: pxelinux loads menu.c32 with the module it needs and boots the default entry. */
  @Test
  @Order(1)
  void pxelinuxsMenuBootsItsDefaultEntryAfterTheTimeout() throws Exception {
    PxeGuest.Outcome o = rig.boot("menu: pxelinux menu.c32, default entry", pxelinux);
    assertEquals(TOKEN_PXELINUX, o.token(), () -> rig.report(pxelinux));
    assertTrue(
        o.cmdline().contains("BOOTIF=01-" + pxelinux.mac.replace(':', '-')),
        () -> "pxelinux started the kernel: " + o.cmdline() + rig.report(pxelinux));
    assertEntryTraced(
        pxelinux,
        "e2e-entry-pxelinux",
        // menu.c32 loads libutil.c32, its one ELF dependency in Debian's syslinux build.
        List.of("menu.c32", "libutil.c32"),
        e -> isFetch(e, "TFTP", "guest/vmlinuz"));
  }

  /** BIOS iPXE ROM: the iPXE menu's {@code choose} times out to the default entry. */
  @Test
  @Order(2)
  void ipxesMenuBootsItsDefaultEntryAfterTheTimeout() throws Exception {
    PxeGuest.Outcome o = rig.boot("menu: iPXE choose, default entry", ipxe);
    assertEquals(TOKEN_IPXE, o.token(), () -> rig.report(ipxe));
    assertEntryTraced(
        ipxe, "e2e-entry-ipxe", List.of(), e -> isFetch(e, "HTTP", "/images/guest/vmlinuz"));
  }

  /** UEFI: GRUB's menu boots entry {@code set default=1} when its timeout runs out. */
  @Test
  @Order(3)
  void grubsMenuBootsItsDefaultEntryAfterTheTimeout() throws Exception {
    PxeGuest.Outcome o = rig.boot("menu: UEFI GRUB menuentry, default entry", grub);
    assertEquals(TOKEN_GRUB, o.token(), () -> rig.report(grub));
    assertEntryTraced(
        grub, "e2e-entry-grub", List.of("grub/grub.cfg"), e -> isFetch(e, "TFTP", "guest/vmlinuz"));
  }

  static boolean isFetch(JsonNode e, String protocol, String file) {
    return e.path("protocol").asText().equals(protocol)
        && e.path("file").asText().replaceFirst("^/(?!images/)", "").equals(file)
        && e.path("outcome").asText().equals("OK")
        && (e.path("stepType").asText().equals("TRANSFER_DONE")
            || e.path("stepType").asText().equals("HTTP_GET"));
  }

  /**
   * The trace of the guest's boot: the loader's own files were served, the kernel fetch is filed
   * under the menu's entry, and one step says which entry of which menu was booted.
   */
  static void assertEntryTraced(
      PxeGuest g, String entry, List<String> loaderFiles, Predicate<JsonNode> kernelFetch)
      throws Exception {
    Predicate<JsonNode> chosen =
        e ->
            e.path("stepType").asText().equals("MENU_ENTRY_CHOSEN")
                && e.path("profile").asText().equals(entry);
    Predicate<JsonNode> kernel =
        e -> kernelFetch.test(e) && e.path("profile").asText().equals(entry);
    List<JsonNode> events =
        rig.eventsWhen(g.mac, es -> es.stream().anyMatch(chosen) && es.stream().anyMatch(kernel));
    System.out.println("[e2e] boot trace of " + g.mac + ":\n" + PxeRig.timeline(events));
    assertTrue(
        events.stream().anyMatch(chosen),
        () -> "the trace says entry " + entry + " was booted:\n" + PxeRig.timeline(events));
    assertTrue(
        events.stream().anyMatch(kernel),
        () -> "the kernel fetch is filed under " + entry + ":\n" + PxeRig.timeline(events));
    for (String file : loaderFiles) {
      assertTrue(
          events.stream().anyMatch(e -> isFetch(e, "TFTP", file)),
          () -> file + " was served:\n" + PxeRig.timeline(events));
    }
  }
}
