package dev.bootkeeper.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which entry of its menu a machine booted, read from the files it fetches. */
class MenuChoicesTest {

  static final MacAddress MAC = MacAddress.of("52:54:00:12:34:56");
  static final MacAddress OTHER = MacAddress.of("52:54:00:12:34:57");

  final MenuChoices choices = new MenuChoices();

  static BootEvent fetch(MacAddress mac, BootEvent.Protocol protocol, String file) {
    return BootEvent.now(
            mac.colon(),
            "198.18.0.50",
            protocol,
            BootStep.TRANSFER_DONE,
            BootEvent.Outcome.OK,
            file)
        .with(BootEvent.Facts.file(file));
  }

  @Test
  void aFetchOfAnEntrysFileIsFiledUnderThatEntry() {
    choices.served(MAC, MenuRenderingTest.MENU);
    assertEquals(
        "debian",
        choices.attribute(fetch(MAC, BootEvent.Protocol.TFTP, "debian/vmlinuz")).facts().profile());
    assertEquals(
        "debian",
        choices
            .attribute(fetch(MAC, BootEvent.Protocol.HTTP, "/images/debian/initrd.img"))
            .facts()
            .profile());
    assertEquals(
        "win",
        choices
            .attribute(fetch(MAC, BootEvent.Protocol.TFTP, "/wds/wdsnbp.com"))
            .facts()
            .profile());
    // Not an entry's file, another machine, or a file HTTP serves outside the images tree.
    assertNull(
        choices.attribute(fetch(MAC, BootEvent.Protocol.TFTP, "pxelinux.0")).facts().profile());
    assertNull(
        choices
            .attribute(fetch(OTHER, BootEvent.Protocol.TFTP, "debian/vmlinuz"))
            .facts()
            .profile());
    assertNull(
        choices
            .attribute(fetch(MAC, BootEvent.Protocol.HTTP, "/boot/debian/vmlinuz"))
            .facts()
            .profile());
  }

  @Test
  void theFirstFileOfAnEntryIsTheChoiceAndOnlyOnce() {
    choices.served(MAC, MenuRenderingTest.MENU);
    Optional<MenuChoices.Choice> first = choices.fetched(MAC, "debian/vmlinuz");
    assertTrue(first.isPresent());
    assertEquals("rescue-menu", first.get().menu());
    assertEquals("debian", first.get().entry().name());
    assertEquals(Optional.empty(), choices.fetched(MAC, "debian/initrd.img"));
    // The loader fetches its config again in the same boot: the choice is kept.
    choices.served(MAC, MenuRenderingTest.MENU);
    assertEquals(Optional.empty(), choices.fetched(MAC, "debian/vmlinuz"));
  }

  @Test
  void aMachineServedAnotherProfileIsNoLongerAtItsMenu() {
    choices.served(MAC, MenuRenderingTest.MENU);
    choices.served(MAC, MenuRenderingTest.DEBIAN);
    assertEquals(Optional.empty(), choices.fetched(MAC, "debian/vmlinuz"));
    assertNull(
        choices.attribute(fetch(MAC, BootEvent.Protocol.TFTP, "debian/vmlinuz")).facts().profile());
  }

  @Test
  void entriesThatShareEveryFileCannotBeToldApart() {
    ProfileSpec single =
        ProfileSpec.simple(
            "debian-single",
            dev.bootkeeper.store.ProfileKind.LINUX,
            "debian/vmlinuz",
            List.of("debian/initrd.img"),
            "single");
    choices.served(
        MAC, MenuRenderingTest.menu(null, 5, "debian", MenuRenderingTest.DEBIAN, single));
    assertEquals(Optional.empty(), choices.fetched(MAC, "debian/vmlinuz"));
    assertNull(
        choices.attribute(fetch(MAC, BootEvent.Protocol.TFTP, "debian/vmlinuz")).facts().profile());
  }
}
