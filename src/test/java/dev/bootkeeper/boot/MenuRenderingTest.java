package dev.bootkeeper.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.store.ProfileKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A menu profile rendered for each loader: every entry as it renders alone, in menu order. */
class MenuRenderingTest {

  static final RenderContext CTX = ConfigRendererTest.CTX;

  static final ProfileSpec DEBIAN =
      new ProfileSpec(
          "debian",
          "Debian live",
          ProfileKind.LINUX,
          "debian/vmlinuz",
          List.of("debian/initrd.img"),
          "console=ttyS0 server=${pxeserver}",
          null,
          Optional.empty(),
          null,
          Map.of(),
          Map.of(),
          0,
          Optional.empty());

  static final ProfileSpec LOCAL =
      ProfileSpec.simple("local-disk", ProfileKind.LOCAL, null, List.of(), null);

  static final ProfileSpec CHAIN =
      ProfileSpec.simple("win", ProfileKind.CHAIN, "wds/wdsnbp.com", List.of(), null);

  static ProfileSpec menu(String description, int timeout, String defaultEntry, ProfileSpec... e) {
    return new ProfileSpec(
        "rescue-menu",
        description,
        ProfileKind.MENU,
        null,
        List.of(),
        null,
        null,
        Optional.empty(),
        null,
        Map.of(),
        Map.of(),
        0,
        Optional.empty(),
        Optional.of(new MenuSpec(List.of(e), defaultEntry, timeout)));
  }

  static final ProfileSpec MENU = menu("Walk-up rescue", 5, "debian", LOCAL, DEBIAN, CHAIN);

  final ConfigRenderer renderer = new ConfigRenderer();

  @Test
  void pxelinuxGetsMenuC32WithOneLabelPerEntry() {
    assertEquals(
        """
        # Bootkeeper: menu rescue-menu for 52:54:00:12:34:56
        SERIAL 0 115200
        UI menu.c32
        PROMPT 0
        MENU TITLE Walk-up rescue
        TIMEOUT 50
        DEFAULT debian
        LABEL local-disk
          MENU LABEL local-disk
          LOCALBOOT 0
        LABEL debian
          MENU LABEL Debian live
          MENU DEFAULT
          LINUX ::debian/vmlinuz
          INITRD ::debian/initrd.img
          APPEND console=ttyS0 server=198.18.0.1
          SYSAPPEND 2
        LABEL win
          MENU LABEL win
          KERNEL ::wds/wdsnbp.com
        """,
        renderer.render(MENU, ConfigFormat.PXELINUX, CTX));
  }

  @Test
  void ipxeGetsMenuItemsAndChooseWithTimeoutAndDefault() {
    assertEquals(
        """
        #!ipxe
        # Bootkeeper: menu rescue-menu for 52:54:00:12:34:56
        menu Walk-up rescue
        item local-disk local-disk
        item debian Debian live
        item win win
        choose --timeout 5000 --default debian bk_entry || goto debian
        goto ${bk_entry}
        :local-disk
        echo Bootkeeper: booting from the local disk
        exit
        :debian
        kernel http://198.18.0.1:8080/images/debian/vmlinuz initrd=initrd.img console=ttyS0 server=198.18.0.1
        initrd http://198.18.0.1:8080/images/debian/initrd.img
        boot
        :win
        chain http://198.18.0.1:8080/images/wds/wdsnbp.com
        """,
        renderer.render(MENU, ConfigFormat.IPXE, CTX));
  }

  @Test
  void grubGetsTimeoutDefaultAndOneMenuentryPerEntry() {
    assertEquals(
        """
        # Bootkeeper: menu rescue-menu for 52:54:00:12:34:56
        set timeout=5
        set timeout_style=menu
        set default=1
        menuentry 'local-disk' {
          exit
        }
        menuentry 'Debian live' {
          linux (tftp,198.18.0.1)/debian/vmlinuz console=ttyS0 server=198.18.0.1
          initrd (tftp,198.18.0.1)/debian/initrd.img
        }
        menuentry 'win' {
          chainloader (tftp,198.18.0.1)/wds/wdsnbp.com
        }
        """,
        renderer.render(MENU, ConfigFormat.GRUB, CTX));
  }

  @Test
  void aTimeoutOfZeroWaitsForAChoiceInEveryLoader() {
    ProfileSpec waits = menu(null, 0, "debian", DEBIAN, LOCAL);
    assertTrue(renderer.render(waits, ConfigFormat.PXELINUX, CTX).contains("\nTIMEOUT 0\n"));
    String ipxe = renderer.render(waits, ConfigFormat.IPXE, CTX);
    assertTrue(ipxe.contains("\nchoose --default debian bk_entry || goto debian\n"), ipxe);
    assertTrue(renderer.render(waits, ConfigFormat.GRUB, CTX).contains("\nset timeout=-1\n"));
    // No description: the menu is titled with its name.
    assertTrue(ipxe.contains("\nmenu rescue-menu\n"), ipxe);
  }

  @Test
  void titlesAreQuotedForEachLoader() {
    ProfileSpec sneaky =
        new ProfileSpec(
            "sneaky",
            "it's ${evil} # || x \\",
            ProfileKind.LOCAL,
            null,
            List.of(),
            null,
            null,
            Optional.empty(),
            null,
            Map.of(),
            Map.of(),
            0,
            Optional.empty());
    ProfileSpec m = menu("Menu } { ';", 3, "sneaky", sneaky);
    String grub = renderer.render(m, ConfigFormat.GRUB, CTX);
    assertTrue(grub.contains("menuentry 'it'\\''s ${evil} # || x \\' {\n"), grub);
    String ipxe = renderer.render(m, ConfigFormat.IPXE, CTX);
    assertTrue(ipxe.contains("\nitem sneaky it's $ {evil} (#) (||) x\n"), ipxe);
    assertTrue(ipxe.contains("\nmenu Menu } { ';\n"), ipxe);
    assertFalse(ipxe.contains("${evil}"), ipxe);
  }

  @Test
  void anEntryWithAValueNoLoaderCanCarryKeepsTheWholeMenuFromRendering() {
    ProfileSpec broken =
        ProfileSpec.simple("broken", ProfileKind.LINUX, "k/vmlinuz", List.of(), "a\nINITRD x");
    ConfigRenderException e =
        assertThrows(
            ConfigRenderException.class,
            () ->
                renderer.render(
                    menu(null, 5, "debian", DEBIAN, broken), ConfigFormat.PXELINUX, CTX));
    assertTrue(
        e.getMessage().contains("entry 'broken': cmdline contains a line break"), e.getMessage());
  }

  @Test
  void aMenuSaysWhichEntriesFetchAFile() {
    ProfileSpec sameFiles =
        ProfileSpec.simple(
            "debian-rescue",
            ProfileKind.LINUX,
            "/debian/vmlinuz",
            List.of("debian/initrd.img"),
            "single");
    MenuSpec spec = new MenuSpec(List.of(DEBIAN, CHAIN, sameFiles), "debian", 5);
    assertEquals(List.of(CHAIN), spec.entriesFetching("wds/wdsnbp.com"));
    assertEquals(List.of(DEBIAN, sameFiles), spec.entriesFetching("debian/vmlinuz"));
    assertEquals(List.of(), spec.entriesFetching("other/file"));
    assertEquals(0, new MenuSpec(List.of(DEBIAN), "gone", 5).defaultIndex());
  }
}
