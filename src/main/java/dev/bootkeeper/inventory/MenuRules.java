package dev.bootkeeper.inventory;

import dev.bootkeeper.boot.MenuSpec;
import dev.bootkeeper.boot.ProfileSpec;
import dev.bootkeeper.boot.ProfileSpecs;
import dev.bootkeeper.store.Profile;
import dev.bootkeeper.store.ProfileKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a menu may offer: existing profiles, each once, none of them a menu (a loader's menu has one
 * level, and a menu in a menu could contain itself), and a default that is one of them. Runs inside
 * the caller's transaction: the entries are read from the store.
 */
final class MenuRules {

  static final int MAX_ENTRIES = 32;
  static final int DEFAULT_TIMEOUT_SECONDS = 10;

  /** A menu as it will be stored, and as it renders. */
  record Checked(List<String> entries, String defaultEntry, int timeout, MenuSpec spec) {}

  private MenuRules() {}

  /**
   * @param name the menu's name as it will be saved
   * @param currentName its name in the store now, or null for a new profile
   */
  static Checked check(ProfileData.Menu in, String name, String currentName) {
    if (currentName != null) {
      refuseIfOffered(currentName, "cannot make profile '" + currentName + "' a menu");
    }
    if (in == null || in.entries() == null || in.entries().isEmpty()) {
      throw InventoryException.invalid(
          "a menu profile needs at least one entry, in 'menu.entries' (names of other profiles)");
    }
    if (in.entries().size() > MAX_ENTRIES) {
      throw InventoryException.invalid("menu.entries: at most " + MAX_ENTRIES);
    }
    List<String> names = new ArrayList<>();
    List<ProfileSpec> specs = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < in.entries().size(); i++) {
      String field = "menu.entries[" + i + "]";
      String entry = Fields.blankToNull(in.entries().get(i));
      if (entry == null) {
        throw InventoryException.invalid(field + " is empty");
      }
      entry = Fields.line(field, entry.trim(), 64);
      if (entry.equals(name) || entry.equals(currentName)) {
        throw InventoryException.invalid(
            field + ": a menu cannot contain itself ('" + entry + "')");
      }
      if (!seen.add(entry)) {
        throw InventoryException.invalid(field + ": '" + entry + "' is already an entry");
      }
      String shown = entry;
      Profile p =
          Profile.byName(entry)
              .orElseThrow(
                  () -> InventoryException.invalid(field + ": no profile named '" + shown + "'"));
      if (p.kind == ProfileKind.MENU) {
        throw InventoryException.invalid(
            field + ": '" + entry + "' is a menu, and a menu cannot contain another menu");
      }
      names.add(entry);
      specs.add(ProfileSpecs.from(p));
    }
    String defaultEntry = Fields.blankToNull(in.defaultEntry());
    if (defaultEntry == null) {
      defaultEntry = names.get(0);
    } else if (!names.contains(defaultEntry.trim())) {
      throw InventoryException.invalid(
          "menu.default '"
              + Fields.line("menu.default", defaultEntry, 64)
              + "' is not one of the entries "
              + names);
    }
    int timeout = in.timeout() == null ? DEFAULT_TIMEOUT_SECONDS : in.timeout();
    if (timeout < 0 || timeout > MenuSpec.MAX_TIMEOUT_SECONDS) {
      throw InventoryException.invalid(
          "menu.timeout must be between 0 and "
              + MenuSpec.MAX_TIMEOUT_SECONDS
              + " seconds (0 waits until someone chooses), not "
              + timeout);
    }
    String d = defaultEntry.trim();
    return new Checked(names, d, timeout, new MenuSpec(specs, d, timeout));
  }

  /**
   * Refuses a change that would leave a menu offering something it may not: a profile that menus
   * offer keeps its name, stays and is not a menu.
   *
   * @param what the refused change, as the start of the message
   */
  static void refuseIfOffered(String name, String what) {
    List<String> menus = Profile.menusOffering(name);
    if (!menus.isEmpty()) {
      throw InventoryException.conflict(
          what
              + ": it is an entry of the menu(s) "
              + String.join(", ", menus.stream().map(m -> "'" + m + "'").toList())
              + "; remove it from them first");
    }
  }
}
