package dev.bootkeeper.inventory;

import dev.bootkeeper.boot.BootDecision;
import dev.bootkeeper.boot.BootService;
import dev.bootkeeper.boot.ConfigFormat;
import dev.bootkeeper.boot.MacAddress;
import dev.bootkeeper.boot.ProfileSpec;
import dev.bootkeeper.boot.ProfileSpecs;
import dev.bootkeeper.store.Host;
import dev.bootkeeper.store.Profile;
import dev.bootkeeper.store.ProfileKind;
import dev.bootkeeper.store.ProfileVersion;
import dev.bootkeeper.store.StoreChanges;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Profiles: what may be created, renamed, changed, rolled back and deleted, and why not. Every
 * saved change becomes a version in the {@link ProfileHistory}, signed by its author.
 */
@ApplicationScoped
public class ProfileService {

  /** A profile as saved, and the version it is now. */
  public record Saved(ProfileData profile, int version) {}

  /**
   * A profile as a list shows it.
   *
   * @param hosts how many known hosts boot it now, by any rule (one-shot, their own, a label
   *     selector, the default): the number the host list's profile filter finds
   */
  public record Summary(
      String name,
      String kind,
      String description,
      Map<String, String> selector,
      long hosts,
      boolean isDefault,
      OffsetDateTime updatedAt) {}

  private final BootService boot;
  private final ProfileHistory history;
  private final ProfileFiles files;
  private final AuditLog audit;

  public ProfileService(
      BootService boot, ProfileHistory history, ProfileFiles files, AuditLog audit) {
    this.boot = boot;
    this.history = history;
    this.files = files;
    this.audit = audit;
  }

  @Transactional
  public List<ProfileData> list() {
    return Profile.<Profile>listAll(Sort.by("name")).stream().map(ProfileMapper::toData).toList();
  }

  @Transactional
  public List<String> names() {
    return Profile.getEntityManager()
        .createQuery("select p.name from Profile p order by p.name", String.class)
        .getResultList();
  }

  /** The profiles a menu may offer: every one but the menus, by name. */
  @Transactional
  public List<String> menuEntryChoices() {
    return Profile.getEntityManager()
        .createQuery(
            "select p.name from Profile p where p.kind <> :menu order by p.name", String.class)
        .setParameter("menu", ProfileKind.MENU)
        .getResultList();
  }

  @Transactional
  public List<Summary> summaries() {
    Map<String, Long> usage = bootingNow();
    String defaultName = boot.defaultProfile().name();
    return Profile.<Profile>listAll(Sort.by("name")).stream()
        .map(
            p ->
                new Summary(
                    p.name,
                    p.kind.name().toLowerCase(Locale.ROOT),
                    p.description,
                    new LinkedHashMap<>(p.selector),
                    usage.getOrDefault(p.name, 0L),
                    p.name.equals(defaultName),
                    p.updatedAt))
        .toList();
  }

  @Transactional
  public ProfileData get(String name) {
    return ProfileMapper.toData(find(name));
  }

  @Transactional
  public boolean exists(String name) {
    return Profile.byName(name).isPresent();
  }

  /** How many known hosts boot this profile now, by any rule. */
  @Transactional
  public long hostsBooting(String name) {
    return bootingNow().getOrDefault(name, 0L);
  }

  /** Known hosts by the profile they boot now; only the policy can tell, so each is decided. */
  private Map<String, Long> bootingNow() {
    Function<Host, BootDecision> planner = boot.plannerForLists();
    Map<String, Long> usage = new HashMap<>();
    for (Host h : Host.<Host>listAll()) {
      usage.merge(planner.apply(h).profile().name(), 1L, Long::sum);
    }
    return usage;
  }

  @Transactional
  public Saved create(ProfileData in, String author) {
    Profile p = new Profile();
    ProfileMapper.apply(in, p, boot.renderer());
    if (Profile.byName(p.name).isPresent()) {
      throw InventoryException.conflict("a profile named '" + p.name + "' already exists");
    }
    p.persist();
    int version = history.record(p, author);
    ProfileData after = ProfileMapper.toData(p);
    audit.record(
        "create", AuditLog.PROFILE, p.name, "v" + version + "; " + Changes.between(null, after));
    return new Saved(after, version);
  }

  /**
   * Creates a profile from a preset; parameters left out take the preset's defaults. When the image
   * folder is there, the microcode images it lacks are left out rather than rendered (a missing
   * initrd stops pxelinux); when the folder itself is missing, everything is kept and the editor
   * warns.
   */
  @Transactional
  public Saved createFromPreset(
      String presetId, String name, Map<String, String> params, String author) {
    PresetCatalog.Preset preset = PresetCatalog.byId(presetId);
    ProfileData p = PresetCatalog.instantiate(preset, name, params);
    String image = params == null ? null : params.get("image");
    if (image != null && !image.isBlank() && files.present(image.trim()) && p.initrds() != null) {
      p =
          p.withInitrds(
              p.initrds().stream()
                  .filter(i -> !PresetCatalog.isMicrocode(i) || files.present(i))
                  .toList());
    }
    return create(p, author);
  }

  /**
   * Replaces the profile's configuration. A change without a name keeps the name; a new name must
   * be free, and the default profile keeps its name.
   */
  @Transactional
  public Saved update(String name, ProfileData in, String author) {
    Profile p = find(name);
    ProfileData named = in == null || in.name() != null ? in : in.withName(p.name);
    if (named != null && !named.name().equals(p.name)) {
      if (Profile.byName(named.name()).isPresent()) {
        throw InventoryException.conflict(
            "cannot rename to '" + named.name() + "': a profile of that name exists");
      }
      refuseIfDefault(p);
      MenuRules.refuseIfOffered(p.name, "cannot rename profile '" + p.name + "'");
    }
    history.baseline(p);
    ProfileData before = ProfileMapper.toData(p);
    ProfileMapper.apply(named, p, boot.renderer());
    int version = history.record(p, author);
    ProfileData after = ProfileMapper.toData(p);
    audit.record(
        "update", AuditLog.PROFILE, name, "v" + version + "; " + Changes.between(before, after));
    return new Saved(after, version);
  }

  /** Makes an old version current again, as a new version; the profile keeps its current name. */
  @Transactional
  public Saved rollback(String name, int version, String author) {
    Profile p = find(name);
    ProfileData old = history.read(history.version(name, version).snapshot).withName(p.name);
    history.baseline(p);
    ProfileData before = ProfileMapper.toData(p);
    try {
      ProfileMapper.apply(old, p, boot.renderer());
    } catch (InventoryException e) {
      throw InventoryException.invalid(
          "version " + version + " no longer passes validation: " + e.getMessage());
    }
    int now = history.record(p, author + " (rollback to v" + version + ")");
    ProfileData after = ProfileMapper.toData(p);
    audit.record(
        "rollback",
        AuditLog.PROFILE,
        p.name,
        "v" + now + " = v" + version + "; " + Changes.between(before, after));
    return new Saved(after, now);
  }

  /**
   * Who depends on a profile, for a person about to delete it.
   *
   * @param booting known hosts that boot it now, by any rule
   * @param assigned hosts that have it as their own profile
   * @param oneShot hosts that boot it once, at their next boot
   * @param menus the menus that offer it
   */
  public record Usage(
      long booting,
      long assigned,
      long oneShot,
      boolean isDefault,
      String defaultProfile,
      List<String> menus) {}

  @Transactional
  public Usage usage(String name) {
    Profile p = find(name);
    String defaultName = boot.defaultProfile().name();
    return new Usage(
        bootingNow().getOrDefault(p.name, 0L),
        Host.count("profile", p),
        Host.count("nextBootProfile", p),
        p.name.equals(defaultName),
        defaultName,
        Profile.menusOffering(p.name));
  }

  /**
   * Deletes a profile that hosts still have, in one step: those that have it as their own profile
   * get {@code replacement} (blank: none, so their label rules or the default decide), and a
   * one-shot next boot of it is cancelled. The default profile and a menu's entry are refused as
   * {@link #delete} refuses them.
   *
   * @return how many hosts were moved
   */
  @Transactional
  public int deleteMovingHosts(String name, String replacement) {
    Profile p = find(name);
    refuseIfDefault(p);
    MenuRules.refuseIfOffered(name, "cannot delete profile '" + name + "'");
    Profile to = null;
    if (replacement != null && !replacement.isBlank()) {
      to = HostService.referenced(replacement);
      if (to == p) {
        throw InventoryException.invalid(
            "the hosts cannot move to the profile being deleted; choose another one");
      }
    }
    OffsetDateTime now = OffsetDateTime.now();
    StoreChanges.changedBySql(StoreChanges.Area.HOSTS);
    int moved = Host.update("profile = ?1, updatedAt = ?2 where profile = ?3", to, now, p);
    int cancelled =
        Host.update("nextBootProfile = null, updatedAt = ?1 where nextBootProfile = ?2", now, p);
    ProfileData before = ProfileMapper.toData(p);
    p.delete();
    audit.record(
        "delete",
        AuditLog.PROFILE,
        name,
        moved
            + " host(s) moved to "
            + (to == null ? "no profile of their own" : "'" + to.name + "'")
            + ", "
            + cancelled
            + " one-shot boot(s) cancelled; "
            + Changes.between(before, null));
    return moved;
  }

  @Transactional
  public void delete(String name) {
    Profile p = find(name);
    // The default first: reassigning its hosts would not make it deletable.
    refuseIfDefault(p);
    MenuRules.refuseIfOffered(name, "cannot delete profile '" + name + "'");
    long users = Host.count("profile = ?1 or nextBootProfile = ?1", p);
    if (users > 0) {
      throw InventoryException.conflict(
          "profile '" + name + "' is used by " + users + " host(s); reassign them first");
    }
    ProfileData before = ProfileMapper.toData(p);
    p.delete();
    audit.record("delete", AuditLog.PROFILE, name, Changes.between(before, null));
  }

  /**
   * What this unsaved profile would boot, after the same checks a save makes (a menu's entries are
   * read from the store).
   */
  @Transactional
  public ProfileSpec draft(ProfileData in) {
    Profile draft = new Profile();
    ProfileMapper.apply(in, draft, boot.renderer());
    return ProfileSpecs.from(draft);
  }

  /**
   * The stored profile rendered in every format for one machine, as that machine would get it if it
   * booted this profile (a menu with all its entries).
   */
  @Transactional
  public Map<String, String> preview(String name, MacAddress mac) {
    ProfileSpec spec = ProfileSpecs.from(find(name));
    Map<String, String> out = new LinkedHashMap<>();
    for (ConfigFormat f : ConfigFormat.values()) {
      out.put(f.id(), boot.renderer().render(spec, f, boot.context(Optional.of(mac))));
    }
    return out;
  }

  /** Every version of the profile, newest first. */
  @Transactional
  public List<ProfileVersion> versions(String name) {
    return history.versions(name);
  }

  @Transactional
  public ProfileVersion version(String name, int version) {
    return history.version(name, version);
  }

  @Transactional
  public ProfileVersion latestVersion(String name) {
    return history.latest(name);
  }

  private void refuseIfDefault(Profile p) {
    if (p.name.equals(boot.defaultProfile().name())) {
      throw InventoryException.conflict(
          "profile '" + p.name + "' is the default profile; choose another default first");
    }
  }

  static Profile find(String name) {
    return Profile.byName(name)
        .orElseThrow(() -> InventoryException.notFound("no profile named '" + name + "'"));
  }
}
