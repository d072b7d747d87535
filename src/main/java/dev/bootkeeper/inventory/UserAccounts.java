package dev.bootkeeper.inventory;

import java.util.List;

/**
 * The dashboard's users as the inventory sees them: names and roles, never passwords. Implemented
 * where the users live (the dashboard's authentication), so that the inventory does not depend on
 * the dashboard.
 */
public interface UserAccounts {

  /** A user: the name and the role in lower case ({@code admin}, {@code viewer}). */
  record Account(String username, String role) {}

  /** The role of a user who may change things. */
  String ADMIN = "admin";

  /** Every user, by name. */
  List<Account> list();

  /** The roles there are, in lower case. */
  List<String> roles();

  /** Gives an existing user another role. */
  void setRole(String username, String role);

  /** Deletes a user and ends their sessions. */
  void delete(String username);
}
