package dev.bootkeeper.inventory;

import static dev.bootkeeper.inventory.ProfileServiceTest.assertRefused;
import static dev.bootkeeper.inventory.ProfileServiceTest.local;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.api.ApiTestSupport;
import dev.bootkeeper.boot.BootService;
import dev.bootkeeper.boot.ConfigFormat;
import dev.bootkeeper.boot.MacAddress;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a menu may offer, and what the profiles a menu offers may no longer do. */
@QuarkusTest
class MenuRulesTest {

  @Inject ProfileService profiles;
  @Inject HostService hosts;
  @Inject BootService boot;
  @Inject InventoryTransfer transfer;

  static ProfileData linux(String name) {
    return ProfileData.linux(null, "k/vmlinuz", List.of("k/initrd.img"), "console=ttyS0", null)
        .withName(name);
  }

  static ProfileData menu(String name, List<String> entries, String def, Integer timeout) {
    return ProfileData.menu("Pick one", entries, def, timeout).withName(name);
  }

  @Test
  void aMenuKeepsItsEntriesInOrderWithItsDefaultAndTimeout() {
    String a = ApiTestSupport.unique("ma");
    String b = ApiTestSupport.unique("mb");
    String m = ApiTestSupport.unique("menu");
    profiles.create(linux(a), "test");
    profiles.create(local(b), "test");
    ProfileData saved = profiles.create(menu(m, List.of(b, a), a, 2), "test").profile();
    assertEquals(new ProfileData.Menu(List.of(b, a), a, 2), saved.menu());
    assertEquals(null, saved.kernel());
    // Left out: the first entry is the default, and the menu waits 10 seconds.
    String m2 = ApiTestSupport.unique("menu");
    ProfileData plain = profiles.create(menu(m2, List.of(a, b), null, null), "test").profile();
    assertEquals(new ProfileData.Menu(List.of(a, b), a, 10), plain.menu());
  }

  @Test
  void aMenuOffersExistingProfilesOnceAndNeverAMenuOrItself() {
    String a = ApiTestSupport.unique("ma");
    String m = ApiTestSupport.unique("menu");
    profiles.create(linux(a), "test");
    assertRefused(
        InventoryException.Kind.INVALID,
        "a menu profile needs at least one entry, in 'menu.entries' (names of other profiles)",
        () -> profiles.create(menu(m, List.of(), null, 5), "test"));
    assertRefused(
        InventoryException.Kind.INVALID,
        "menu.entries[1]: no profile named 'nope-" + m + "'",
        () -> profiles.create(menu(m, List.of(a, "nope-" + m), null, 5), "test"));
    assertRefused(
        InventoryException.Kind.INVALID,
        "menu.entries[1]: a menu cannot contain itself ('" + m + "')",
        () -> profiles.create(menu(m, List.of(a, m), null, 5), "test"));
    assertRefused(
        InventoryException.Kind.INVALID,
        "menu.entries[1]: '" + a + "' is already an entry",
        () -> profiles.create(menu(m, List.of(a, a), null, 5), "test"));
    assertRefused(
        InventoryException.Kind.INVALID,
        "menu.default 'local-disk' is not one of the entries [" + a + "]",
        () -> profiles.create(menu(m, List.of(a), "local-disk", 5), "test"));
    assertRefused(
        InventoryException.Kind.INVALID,
        "menu.timeout must be between 0 and 3599 seconds (0 waits until someone chooses), not 3600",
        () -> profiles.create(menu(m, List.of(a), null, 3600), "test"));
    profiles.create(menu(m, List.of(a), null, 5), "test");
    String outer = ApiTestSupport.unique("outer");
    assertRefused(
        InventoryException.Kind.INVALID,
        "menu.entries[0]: '" + m + "' is a menu, and a menu cannot contain another menu",
        () -> profiles.create(menu(outer, List.of(m), null, 5), "test"));
    // Nor can an entry become a menu later.
    String other = ApiTestSupport.unique("ma");
    profiles.create(local(other), "test");
    assertRefused(
        InventoryException.Kind.CONFLICT,
        "cannot make profile '"
            + a
            + "' a menu: it is an entry of the menu(s) '"
            + m
            + "'; remove it from them first",
        () -> profiles.update(a, menu(a, List.of(other), null, 5), "test"));
  }

  @Test
  void aProfileAMenuOffersKeepsItsNameAndIsNotDeleted() {
    String a = ApiTestSupport.unique("ma");
    String m = ApiTestSupport.unique("menu");
    profiles.create(linux(a), "test");
    profiles.create(menu(m, List.of(a), null, 5), "test");
    assertRefused(
        InventoryException.Kind.CONFLICT,
        "cannot delete profile '"
            + a
            + "': it is an entry of the menu(s) '"
            + m
            + "'; remove it"
            + " from them first",
        () -> profiles.delete(a));
    assertRefused(
        InventoryException.Kind.CONFLICT,
        "cannot rename profile '"
            + a
            + "': it is an entry of the menu(s) '"
            + m
            + "'; remove it"
            + " from them first",
        () -> profiles.update(a, linux(a + "-new"), "test"));
    // Changed without a new name, it stays an entry; once the menu is gone it may go.
    profiles.update(a, linux(a), "test");
    profiles.delete(m);
    profiles.delete(a);
  }

  @Test
  void aHostAtAMenuIsServedTheMenuAndAOneShotStillOverridesIt() {
    String a = ApiTestSupport.unique("ma");
    String once = ApiTestSupport.unique("once");
    String m = ApiTestSupport.unique("menu");
    profiles.create(linux(a), "test");
    profiles.create(local(once), "test");
    profiles.create(menu(m, List.of(a, once), a, 3), "test");
    String mac = ApiTestSupport.uniqueMac();
    hosts.assign(mac, m, null);
    String pxelinux = boot.preview(MacAddress.of(mac), ConfigFormat.PXELINUX);
    assertTrue(pxelinux.contains("UI menu.c32\n") && pxelinux.contains("TIMEOUT 30\n"), pxelinux);
    assertTrue(pxelinux.contains("LABEL " + a + "\n"), pxelinux);
    hosts.assign(mac, m, once);
    String oneShot = boot.preview(MacAddress.of(mac), ConfigFormat.PXELINUX);
    assertTrue(oneShot.contains("LOCALBOOT 0") && !oneShot.contains("menu.c32"), oneShot);
  }

  @Test
  void anImportMayListAMenuBeforeTheProfilesItOffers() {
    String a = ApiTestSupport.unique("ma");
    String m = ApiTestSupport.unique("menu");
    InventoryDocument doc =
        new InventoryDocument(
            InventoryDocument.FORMAT,
            InventoryDocument.VERSION,
            null,
            List.of(menu(m, List.of(a), null, 4), linux(a)),
            List.of());
    InventoryDocument.ImportResult r = transfer.importAll(doc);
    assertEquals(2, r.profilesCreated());
    assertEquals(new ProfileData.Menu(List.of(a), a, 4), profiles.get(m).menu());
    ProfileData exported =
        transfer.export().profiles().stream().filter(p -> p.name().equals(m)).findFirst().get();
    assertEquals(new ProfileData.Menu(List.of(a), a, 4), exported.menu());
  }
}
