package dev.bootkeeper.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bootkeeper.api.ApiTestSupport;
import dev.bootkeeper.boot.BootService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ProfileServiceTest {

  @Inject ProfileService profiles;
  @Inject HostService hosts;
  @Inject BootService boot;

  static ProfileData local(String name) {
    return ProfileData.ofKind("local", null).withName(name);
  }

  static void assertRefused(
      InventoryException.Kind kind, String message, org.junit.jupiter.api.function.Executable e) {
    InventoryException refused = assertThrows(InventoryException.class, e);
    assertEquals(kind, refused.kind());
    assertEquals(message, refused.getMessage());
  }

  @Test
  void aNameIsTakenOnce() {
    String name = ApiTestSupport.unique("once");
    assertEquals(1, profiles.create(local(name), "test").version());
    assertRefused(
        InventoryException.Kind.CONFLICT,
        "a profile named '" + name + "' already exists",
        () -> profiles.create(local(name), "test"));
  }

  @Test
  void anUpdateWithoutANameKeepsTheNameAndCountsAVersion() {
    String name = ApiTestSupport.unique("keep");
    profiles.create(local(name), "test");
    ProfileService.Saved saved =
        profiles.update(name, ProfileData.ofKind("local", "changed"), "test");
    assertEquals(name, saved.profile().name());
    assertEquals(2, saved.version());
    assertEquals("changed", profiles.get(name).description());
  }

  @Test
  void aProfileInUseIsNotDeletedAndTheDefaultKeepsItsName() {
    String name = ApiTestSupport.unique("inuse");
    profiles.create(local(name), "test");
    String mac = ApiTestSupport.uniqueMac();
    hosts.assign(mac, name, null);
    assertRefused(
        InventoryException.Kind.CONFLICT,
        "profile '" + name + "' is used by 1 host(s); reassign them first",
        () -> profiles.delete(name));
    hosts.delete(mac);
    profiles.delete(name);
    String defaultName = QuarkusTransaction.requiringNew().call(() -> boot.defaultProfile().name());
    assertRefused(
        InventoryException.Kind.CONFLICT,
        "profile '" + defaultName + "' is the default profile; choose another default first",
        () -> profiles.update(defaultName, local(ApiTestSupport.unique("renamed")), "test"));
  }

  @Test
  void aRollbackRestoresTheOldConfigurationAsANewVersion() {
    String name = ApiTestSupport.unique("back");
    profiles.create(local(name), "test");
    profiles.update(name, ProfileData.ofKind("local", "second"), "test");
    ProfileService.Saved back = profiles.rollback(name, 1, "someone");
    assertEquals(3, back.version());
    assertEquals(null, back.profile().description());
    assertEquals("someone (rollback to v1)", profiles.versions(name).get(0).author);
    assertRefused(
        InventoryException.Kind.NOT_FOUND,
        "profile '" + name + "' has no version 9",
        () -> profiles.rollback(name, 9, "someone"));
  }

  @Test
  void aPresetNeedsItsParameters() {
    assertRefused(
        InventoryException.Kind.NOT_FOUND,
        "no preset 'nope'",
        () -> profiles.createFromPreset("nope", "x", Map.of(), "test"));
    assertRefused(
        InventoryException.Kind.INVALID,
        "preset linux has no parameter 'colour'",
        () ->
            profiles.createFromPreset(
                "linux",
                ApiTestSupport.unique("p"),
                Map.of("kernel", "k", "initrd", "i", "colour", "red"),
                "test"));
  }

  @Test
  void anImportNamesTheEntryItRefuses() {
    String mac = ApiTestSupport.uniqueMac();
    HostData host =
        new HostData(mac, null, null, null, null, null, null, null, null, null, null, null);
    assertRefused(
        InventoryException.Kind.INVALID,
        "hosts[1]: MAC " + mac + " appears twice",
        () -> hosts.importHosts(List.of(host, host)));
  }
}
