package dev.bootkeeper.inventory;

import java.util.List;

/**
 * Every profile and configured host as one document, to keep in git and to import on the same or
 * another appliance.
 *
 * @param format always {@link #FORMAT}, so that another JSON file is not taken for an inventory
 * @param defaultProfile what machines with no host record and no matching label rule boot
 */
public record InventoryDocument(
    String format,
    Integer version,
    String defaultProfile,
    List<ProfileData> profiles,
    List<HostData> hosts) {

  public static final String FORMAT = "bootkeeper-inventory";
  public static final int VERSION = 1;

  public record ImportResult(
      int profilesCreated, int profilesUpdated, int hostsCreated, int hostsUpdated) {}
}
