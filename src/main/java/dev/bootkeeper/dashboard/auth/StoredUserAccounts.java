package dev.bootkeeper.dashboard.auth;

import dev.bootkeeper.inventory.UserAccounts;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The dashboard's users for the inventory: the {@code app_user} table, in the caller's transaction.
 */
@ApplicationScoped
public class StoredUserAccounts implements UserAccounts {

  @Override
  public List<Account> list() {
    return AppUser.<AppUser>listAll(Sort.by("username")).stream()
        .map(u -> new Account(u.username, u.role.name().toLowerCase(Locale.ROOT)))
        .toList();
  }

  @Override
  public List<String> roles() {
    return Arrays.stream(Role.values()).map(r -> r.name().toLowerCase(Locale.ROOT)).toList();
  }

  @Override
  public void setRole(String username, String role) {
    AppUser.byUsername(username)
        .ifPresent(u -> u.role = Role.valueOf(role.toUpperCase(Locale.ROOT)));
  }

  @Override
  public void delete(String username) {
    AppUser.byUsername(username)
        .ifPresent(
            u -> {
              UserSession.delete("user", u);
              u.delete();
            });
  }
}
