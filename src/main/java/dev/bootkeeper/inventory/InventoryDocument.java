package dev.bootkeeper.inventory;

import dev.bootkeeper.dhcp.DhcpNetwork;
import dev.bootkeeper.dhcp.VendorBootFile;
import java.util.List;

/**
 * The appliance's configuration as one document, to keep in git and to import on the same or
 * another appliance: profiles, configured hosts, the default profile, DHCP settings, dashboard
 * users (names and roles: never a password hash) and API token names (never a secret).
 *
 * @param format always {@link #FORMAT}, so that another JSON file is not taken for an inventory
 * @param version {@link #VERSION}; a version 1 document (profiles and hosts only) still imports
 * @param defaultProfile what machines with no host record and no matching label rule boot
 * @param dhcp the DHCP mode and networks; null leaves them as they are
 * @param users who may log in to the dashboard; null leaves them as they are
 * @param tokens the API tokens' names; null leaves them as they are
 */
public record InventoryDocument(
    String format,
    Integer version,
    String defaultProfile,
    List<ProfileData> profiles,
    List<HostData> hosts,
    Dhcp dhcp,
    List<User> users,
    List<Token> tokens) {

  public static final String FORMAT = "bootkeeper-inventory";
  public static final int VERSION = 2;

  /** A document of profiles and hosts only (version 1). */
  public InventoryDocument(
      String format,
      Integer version,
      String defaultProfile,
      List<ProfileData> profiles,
      List<HostData> hosts) {
    this(format, version, defaultProfile, profiles, hosts, null, null, null);
  }

  /**
   * The DHCP settings as {@code PUT /api/v1/dhcp} takes them.
   *
   * @param mode off, proxy or full
   * @param subnets the networks, with their options
   * @param vendorBootFiles boot files by vendor class
   */
  public record Dhcp(
      String mode, List<DhcpNetwork.SubnetSpec> subnets, List<VendorBootFile> vendorBootFiles) {}

  /** A dashboard user: the name and the role, {@code admin} or {@code viewer}. */
  public record User(String username, String role) {}

  /** An API token by name; its secret is shown once when it is created and is never exported. */
  public record Token(String name) {}

  public record ImportResult(
      int profilesCreated, int profilesUpdated, int hostsCreated, int hostsUpdated) {}

  /**
   * What a replace changed, or would change ({@code dryRun}).
   *
   * @param changes each entry created, updated or deleted, by kind and name
   * @param notCreated users and tokens of the file that this appliance does not have: they cannot
   *     be created from a file, which holds no password and no secret
   */
  public record ReplaceResult(boolean dryRun, List<Change> changes, List<String> notCreated) {}

  /**
   * @param action create, update or delete
   * @param kind profile, host, user, token, dhcp or defaultProfile
   * @param name the profile's or user's name, the host's MAC
   */
  public record Change(String action, String kind, String name) {}
}
