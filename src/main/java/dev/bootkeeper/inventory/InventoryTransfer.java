package dev.bootkeeper.inventory;

import dev.bootkeeper.boot.BootService;
import dev.bootkeeper.dhcp.DhcpControl;
import dev.bootkeeper.dhcp.DhcpNetwork;
import dev.bootkeeper.store.ApiToken;
import dev.bootkeeper.store.Host;
import dev.bootkeeper.store.Profile;
import dev.bootkeeper.store.Setting;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Inventory as code: the export of the appliance's configuration, and its import as one
 * transaction: if any entry is wrong, nothing is written and the error names the entry. An import
 * merges (creates and updates); a replace also deletes what the file lacks ({@link #replace}).
 */
@ApplicationScoped
public class InventoryTransfer {

  /** Who asks for a replace: what it must not delete. Either may be null. */
  public record Caller(String tokenHash, String username) {
    public static final Caller NONE = new Caller(null, null);
  }

  private final BootService boot;
  private final HostService hosts;
  private final ProfileService profiles;
  private final DhcpControl dhcp;
  private final UserAccounts users;
  private final AuditLog audit;

  public InventoryTransfer(
      BootService boot,
      HostService hosts,
      ProfileService profiles,
      DhcpControl dhcp,
      UserAccounts users,
      AuditLog audit) {
    this.boot = boot;
    this.hosts = hosts;
    this.profiles = profiles;
    this.dhcp = dhcp;
    this.users = users;
    this.audit = audit;
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
        configured,
        dhcpInForce(),
        users.list().stream().map(a -> new InventoryDocument.User(a.username(), a.role())).toList(),
        ApiToken.<ApiToken>listAll(Sort.by("name")).stream()
            .map(t -> new InventoryDocument.Token(t.name))
            .toList());
  }

  private InventoryDocument.Dhcp dhcpInForce() {
    return section(dhcp.network());
  }

  private static InventoryDocument.Dhcp section(DhcpNetwork n) {
    return new InventoryDocument.Dhcp(
        n.mode().name().toLowerCase(Locale.ROOT), n.specs(), n.vendorBootFiles());
  }

  /**
   * Merges the document into the appliance: profiles and hosts are created or replaced, the default
   * profile and the DHCP settings set when the document has them. Users and tokens are left as they
   * are (see {@link #replace}).
   */
  @Transactional
  public InventoryDocument.ImportResult importAll(InventoryDocument in) {
    return importAll(in, false);
  }

  /**
   * The same checks as an import; with {@code dryRun} the DHCP settings are checked but not
   * applied, since a running DHCP server is not part of the transaction that a dry run rolls back.
   */
  private InventoryDocument.ImportResult importAll(InventoryDocument in, boolean dryRun) {
    checkFormat(in);
    InventoryDocument.ImportResult result = importProfilesAndHosts(in);
    DhcpNetwork network = checkedDhcp(in.dhcp());
    if (!dryRun && network != null && !section(network).equals(dhcpInForce())) {
      applyDhcp(network);
    }
    return result;
  }

  /**
   * Makes the appliance equal to the document, in one transaction: what the document has is created
   * or updated as an import does; configured hosts, profiles, users and tokens it lacks are
   * deleted. With {@code dryRun} the same checks run and the changes are listed, then rolled back.
   * Discovered hosts are not inventory and stay.
   *
   * @throws InventoryException (conflict) when the result would have no admin user, or would delete
   *     the caller's own user or token; (invalid) when a section is missing or an entry is wrong
   */
  public InventoryDocument.ReplaceResult replace(
      InventoryDocument in, Caller caller, boolean dryRun) {
    checkFormat(in);
    requireSections(in);
    try {
      return QuarkusTransaction.requiringNew().call(() -> replaceInTransaction(in, caller, dryRun));
    } catch (DryRunDone done) {
      return done.result;
    }
  }

  /** Ends a dry run: thrown out of the transaction, it rolls it back and carries the answer. */
  private static final class DryRunDone extends RuntimeException {
    final InventoryDocument.ReplaceResult result;

    DryRunDone(InventoryDocument.ReplaceResult result) {
      super("dry run", null, false, false);
      this.result = result;
    }
  }

  private InventoryDocument.ReplaceResult replaceInTransaction(
      InventoryDocument in, Caller caller, boolean dryRun) {
    InventoryDocument before = export();
    DhcpNetwork network = checkedDhcp(in.dhcp());
    importProfilesAndHosts(in);
    Profile.flush();
    deleteHostsNotIn(in.hosts());
    deleteProfilesNotIn(in.profiles());
    List<String> notCreated = new ArrayList<>();
    replaceUsers(in.users(), caller, notCreated);
    replaceTokens(in.tokens(), caller, notCreated);
    Profile.flush();
    InventoryDocument after = export();
    List<InventoryDocument.Change> changes = new ArrayList<>(InventoryDiff.between(before, after));
    if (!section(network).equals(before.dhcp())) {
      changes.add(new InventoryDocument.Change("update", "dhcp", "settings"));
    }
    InventoryDocument.ReplaceResult result =
        new InventoryDocument.ReplaceResult(dryRun, changes, notCreated);
    if (dryRun) {
      throw new DryRunDone(result);
    }
    if (!section(network).equals(before.dhcp())) {
      // Last: a DHCP server already running with the new settings cannot be rolled
      // back by a later failure of this transaction.
      applyDhcp(network);
    }
    return result;
  }

  private static void checkFormat(InventoryDocument in) {
    if (in == null || !InventoryDocument.FORMAT.equals(in.format())) {
      throw InventoryException.invalid(
          "not an inventory document: 'format' must be '" + InventoryDocument.FORMAT + "'");
    }
    if (in.version() == null || in.version() < 1 || in.version() > InventoryDocument.VERSION) {
      throw InventoryException.invalid(
          "inventory version "
              + in.version()
              + " is not supported (1 to "
              + InventoryDocument.VERSION
              + " are)");
    }
  }

  /** A replace deletes what a section lacks: a missing section must not read as "delete all". */
  private static void requireSections(InventoryDocument in) {
    List<String> missing = new ArrayList<>();
    if (in.profiles() == null) {
      missing.add("profiles");
    }
    if (in.hosts() == null) {
      missing.add("hosts");
    }
    if (in.dhcp() == null) {
      missing.add("dhcp");
    }
    if (in.users() == null) {
      missing.add("users");
    }
    if (in.tokens() == null) {
      missing.add("tokens");
    }
    if (!missing.isEmpty()) {
      throw InventoryException.invalid(
          "a replace needs every section, and this document lacks "
              + String.join(", ", missing)
              + " (an empty list deletes them all; export a version "
              + InventoryDocument.VERSION
              + " document to start from)");
    }
  }

  private InventoryDocument.ImportResult importProfilesAndHosts(InventoryDocument in) {
    List<ProfileData> profiles = in.profiles() == null ? List.of() : in.profiles();
    int profilesCreated = 0;
    // Menus after the other profiles, so that a menu may offer profiles that come later.
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
    InventoryDocument.ImportResult result = importAll(in, true);
    QuarkusTransaction.setRollbackOnly();
    return result;
  }

  /** The document's DHCP settings, checked as the DHCP API checks them; null when it has none. */
  private DhcpNetwork checkedDhcp(InventoryDocument.Dhcp in) {
    if (in == null) {
      return null;
    }
    try {
      return dhcp.check(in.mode(), in.subnets(), in.vendorBootFiles());
    } catch (IllegalArgumentException e) {
      throw InventoryException.invalid("dhcp: " + e.getMessage());
    }
  }

  private void applyDhcp(DhcpNetwork n) {
    try {
      dhcp.change(n.mode().name().toLowerCase(Locale.ROOT), n.specs(), n.vendorBootFiles());
    } catch (RuntimeException e) {
      throw InventoryException.conflict("dhcp: cannot run with these settings: " + e.getMessage());
    }
  }

  private void deleteHostsNotIn(List<HostData> wanted) {
    Set<String> keep = new HashSet<>();
    for (HostData h : wanted) {
      if (h != null && h.mac() != null) {
        keep.add(Fields.mac(h.mac()).colon());
      }
    }
    for (Host h : Host.<Host>list("discovered = false")) {
      if (!keep.contains(h.mac)) {
        HostData before = HostMapper.toData(h);
        h.delete();
        audit.record(
            "delete", AuditLog.HOST, h.mac, "inventory replace; " + Changes.between(before, null));
      }
    }
    Host.flush();
  }

  /** Menus first: a menu that offers a profile would keep it from being deleted. */
  private void deleteProfilesNotIn(List<ProfileData> wanted) {
    Set<String> keep = new HashSet<>();
    for (ProfileData p : wanted) {
      if (p != null && p.name() != null) {
        keep.add(p.name());
      }
    }
    List<Profile> gone =
        Profile.<Profile>listAll(Sort.by("name")).stream()
            .filter(p -> !keep.contains(p.name))
            .toList();
    for (boolean menus : new boolean[] {true, false}) {
      for (Profile p : gone) {
        if ((p.kind == dev.bootkeeper.store.ProfileKind.MENU) == menus) {
          try {
            profiles.delete(p.name);
          } catch (InventoryException e) {
            throw e.at("profiles");
          }
        }
      }
      Profile.flush();
    }
  }

  private void replaceUsers(
      List<InventoryDocument.User> wanted, Caller caller, List<String> notCreated) {
    List<String> roles = users.roles();
    Set<String> keep = new HashSet<>();
    List<UserAccounts.Account> existing = users.list();
    Set<String> existingNames = new HashSet<>();
    existing.forEach(a -> existingNames.add(a.username()));
    boolean adminLeft = false;
    for (int i = 0; i < wanted.size(); i++) {
      InventoryDocument.User u = wanted.get(i);
      if (u == null || u.username() == null || u.username().isBlank()) {
        throw InventoryException.invalid("users[" + i + "]: username is required");
      }
      String role = u.role() == null ? "" : u.role().trim().toLowerCase(Locale.ROOT);
      if (!roles.contains(role)) {
        throw InventoryException.invalid(
            "users[" + i + "]: role must be one of " + String.join(", ", roles));
      }
      keep.add(u.username());
      if (!existingNames.contains(u.username())) {
        notCreated.add("user " + u.username());
        continue;
      }
      adminLeft |= role.equals(UserAccounts.ADMIN);
      users.setRole(u.username(), role);
    }
    if (!adminLeft) {
      throw InventoryException.conflict(
          "the replace would leave no admin user who can log in: keep at least one existing user"
              + " with role admin in 'users'");
    }
    if (caller.username() != null && !keep.contains(caller.username())) {
      throw InventoryException.conflict(
          "the replace would delete your own user '" + caller.username() + "'");
    }
    for (UserAccounts.Account a : existing) {
      if (!keep.contains(a.username())) {
        users.delete(a.username());
      }
    }
  }

  private static void replaceTokens(
      List<InventoryDocument.Token> wanted, Caller caller, List<String> notCreated) {
    Set<String> keep = new HashSet<>();
    for (int i = 0; i < wanted.size(); i++) {
      InventoryDocument.Token t = wanted.get(i);
      if (t == null || t.name() == null || t.name().isBlank()) {
        throw InventoryException.invalid("tokens[" + i + "]: name is required");
      }
      keep.add(t.name());
    }
    List<ApiToken> existing = ApiToken.listAll();
    Set<String> existingNames = new HashSet<>();
    for (ApiToken t : existing) {
      existingNames.add(t.name);
      if (keep.contains(t.name)) {
        continue;
      }
      if (t.tokenHash.equals(caller.tokenHash())) {
        throw InventoryException.conflict(
            "the replace would delete the token '"
                + t.name
                + "' this request is made with; keep it in 'tokens' or use another token");
      }
      t.delete();
    }
    keep.stream()
        .filter(n -> !existingNames.contains(n))
        .sorted()
        .forEach(n -> notCreated.add("token " + n));
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
    ProfileData before = created ? null : ProfileMapper.toData(p);
    if (created) {
      p = new Profile();
    }
    ProfileMapper.apply(in, p, boot.renderer());
    if (created) {
      p.persist();
    }
    audit.record(
        created ? "create" : "update",
        AuditLog.PROFILE,
        p.name,
        "inventory import; " + Changes.between(before, ProfileMapper.toData(p)));
    return created;
  }
}
