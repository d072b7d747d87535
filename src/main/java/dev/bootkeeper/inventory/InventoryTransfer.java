package dev.bootkeeper.inventory;

import dev.bootkeeper.boot.BootService;
import dev.bootkeeper.store.Host;
import dev.bootkeeper.store.Profile;
import dev.bootkeeper.store.Setting;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * Inventory as code: the export of every profile and configured host, and its import as one
 * transaction: if any entry is wrong, nothing is written and the error names the entry.
 */
@ApplicationScoped
public class InventoryTransfer {

  private final BootService boot;
  private final HostService hosts;

  public InventoryTransfer(BootService boot, HostService hosts) {
    this.boot = boot;
    this.hosts = hosts;
  }

  @Transactional
  public InventoryDocument export() {
    List<ProfileData> profiles =
        Profile.<Profile>listAll(Sort.by("name")).stream()
            .map(p -> ProfileMapper.toData(p).withoutTimestamps())
            .toList();
    List<HostData> configured =
        Host.<Host>list("discovered = false", Sort.by("mac")).stream()
            .map(h -> HostMapper.toData(h).configuration())
            .toList();
    return new InventoryDocument(
        InventoryDocument.FORMAT,
        InventoryDocument.VERSION,
        boot.defaultProfile().name(),
        profiles,
        configured);
  }

  /**
   * Profiles first, so that hosts may name the profiles the same document brings; menus after the
   * other profiles, so that a menu may offer profiles that come later in the document.
   */
  @Transactional
  public InventoryDocument.ImportResult importAll(InventoryDocument in) {
    if (in == null || !InventoryDocument.FORMAT.equals(in.format())) {
      throw InventoryException.invalid(
          "not an inventory document: 'format' must be '" + InventoryDocument.FORMAT + "'");
    }
    if (in.version() == null || in.version() != InventoryDocument.VERSION) {
      throw InventoryException.invalid(
          "inventory version " + in.version() + " is not supported (1 is)");
    }
    List<ProfileData> profiles = in.profiles() == null ? List.of() : in.profiles();
    int profilesCreated = 0;
    for (boolean menus : new boolean[] {false, true}) {
      for (int i = 0; i < profiles.size(); i++) {
        if (isMenu(profiles.get(i)) != menus) {
          continue;
        }
        try {
          if (importProfile(profiles.get(i))) {
            profilesCreated++;
          }
        } catch (InventoryException e) {
          throw e.at("profiles[" + i + "]");
        }
      }
      Profile.flush();
    }
    Profile.flush();
    HostService.ImportCount h = hosts.importHosts(in.hosts() == null ? List.of() : in.hosts());
    if (in.defaultProfile() != null) {
      String name = in.defaultProfile();
      Profile.byName(name)
          .orElseThrow(
              () -> InventoryException.invalid("defaultProfile: no profile named '" + name + "'"));
      Setting.put(Setting.DEFAULT_PROFILE, name);
    }
    return new InventoryDocument.ImportResult(
        profilesCreated, profiles.size() - profilesCreated, h.created(), h.updated());
  }

  /**
   * What {@link #importAll} would do with this document, with the same checks, and nothing written:
   * the import runs, then its transaction is rolled back.
   */
  @Transactional
  public InventoryDocument.ImportResult dryRun(InventoryDocument in) {
    InventoryDocument.ImportResult result = importAll(in);
    QuarkusTransaction.setRollbackOnly();
    return result;
  }

  private static boolean isMenu(ProfileData p) {
    return p != null && p.kind() != null && p.kind().trim().equalsIgnoreCase("menu");
  }

  /**
   * Creates the profile or replaces the one of that name.
   *
   * @return whether it was created
   */
  private boolean importProfile(ProfileData in) {
    Profile p = in == null || in.name() == null ? null : Profile.byName(in.name()).orElse(null);
    boolean created = p == null;
    if (created) {
      p = new Profile();
    }
    ProfileMapper.apply(in, p, boot.renderer());
    if (created) {
      p.persist();
    }
    return created;
  }
}
