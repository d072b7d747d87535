package dev.bootkeeper.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * A profile as it is read and written from outside: the API's JSON form, the dashboard's editor and
 * the snapshots of the profile history all use it.
 *
 * @param kind {@code linux}, {@code chain}, {@code local}, {@code ipxe} or {@code menu}
 * @param kernel linux: the kernel; chain: the loader to chain (a path under the images directory,
 *     or a URL)
 * @param menu menu: the profiles it offers, its default entry and its timeout
 * @param templates per-format Qute templates ({@code pxelinux}, {@code ipxe}, {@code grub}) that
 *     replace the built-in ones
 * @param selector labels: hosts without a profile whose labels include all of these boot this one
 * @param uefiChain {@code ipxe} or {@code secure-boot}: the loader chain x86-64 UEFI machines get
 *     for this profile; null leaves it to the host, its labels and the configured default
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProfileData(
    String name,
    String description,
    String kind,
    String kernel,
    List<String> initrds,
    String cmdline,
    String ipxeScript,
    Menu menu,
    Stage3 stage3,
    Map<String, String> templates,
    Map<String, String> selector,
    Integer selectorPriority,
    String uefiChain,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt) {

  /**
   * @param method {@code http}, {@code nbd} or {@code nfs}
   * @param image the image (a folder or file under the images directory) the live system mounts
   */
  public record Stage3(String method, String image) {}

  /**
   * @param entries the names of the profiles the menu offers, in menu order; none may be a menu
   * @param defaultEntry the entry booted when nobody chooses; the first entry when left out
   * @param timeout seconds the menu waits for a choice (0 to 3599; 0 waits until someone chooses)
   */
  public record Menu(
      List<String> entries, @JsonProperty("default") String defaultEntry, Integer timeout) {}

  /** A profile that boots a Linux kernel; everything else is left out. */
  public static ProfileData linux(
      String description, String kernel, List<String> initrds, String cmdline, Stage3 stage3) {
    return new ProfileData(
        null,
        description,
        "linux",
        kernel,
        initrds,
        cmdline,
        null,
        null,
        stage3,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** A boot menu offering these profiles; everything else is left out. */
  public static ProfileData menu(
      String description, List<String> entries, String defaultEntry, Integer timeout) {
    return new ProfileData(
        null,
        description,
        "menu",
        null,
        null,
        null,
        null,
        new Menu(entries, defaultEntry, timeout),
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** A profile of the given kind with only a description. */
  public static ProfileData ofKind(String kind, String description) {
    return new ProfileData(
        null,
        description,
        kind,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  public ProfileData withName(String newName) {
    return copy(newName, initrds, createdAt, updatedAt);
  }

  public ProfileData withInitrds(List<String> newInitrds) {
    return copy(name, newInitrds, createdAt, updatedAt);
  }

  /**
   * The configuration alone: the timestamps change on every save, so they are left out of exports
   * and snapshots.
   */
  public ProfileData withoutTimestamps() {
    return copy(name, initrds, null, null);
  }

  private ProfileData copy(
      String newName, List<String> newInitrds, OffsetDateTime created, OffsetDateTime updated) {
    return new ProfileData(
        newName,
        description,
        kind,
        kernel,
        newInitrds,
        cmdline,
        ipxeScript,
        menu,
        stage3,
        templates,
        selector,
        selectorPriority,
        uefiChain,
        created,
        updated);
  }
}
