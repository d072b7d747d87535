package dev.bootkeeper.inventory;

import dev.bootkeeper.boot.BootService;
import dev.bootkeeper.boot.IsoDetection;
import dev.bootkeeper.boot.Tokens;
import dev.bootkeeper.iso.IsoCache;
import dev.bootkeeper.iso.IsoException;
import dev.bootkeeper.iso.IsoTree;
import dev.bootkeeper.store.Image;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One-click profiles for ISO images: what the ISO is ({@link IsoDetection}), and the profile that
 * boots it with the stage 3 the admin picks. SystemRescue, its legacy releases and Memtest86+ are
 * made by their presets ({@link PresetCatalog}), so a profile from an ISO is the same as one from
 * the preset page; the other layouts follow their distribution's documented netboot parameters.
 */
@ApplicationScoped
public class IsoProfiles {

  private final BootService boot;
  private final ProfileService profiles;
  private final AuditLog audit;

  public IsoProfiles(BootService boot, ProfileService profiles, AuditLog audit) {
    this.boot = boot;
    this.profiles = profiles;
    this.audit = audit;
  }

  /** What the ISO image {@code image} holds; refused for a folder, a broken or unchecked ISO. */
  public IsoDetection.Detected detect(String image) {
    Path iso =
        boot.imageRoot()
            .isoOf(image)
            .orElseThrow(() -> InventoryException.notFound("no ISO image named '" + image + "'"));
    IsoTree tree;
    try {
      tree = IsoCache.shared().tree(iso.toRealPath());
    } catch (IsoException e) {
      throw InventoryException.invalid("the ISO '" + image + "' is not served: " + e.getMessage());
    } catch (java.io.IOException e) {
      throw InventoryException.invalid("the ISO '" + image + "' cannot be read");
    }
    return IsoDetection.of(tree);
  }

  /**
   * Makes the profile {@code name} that boots the ISO image {@code image}.
   *
   * @param stage3 {@code http}, {@code nbd} or {@code nfs}: where the live system finds its root
   *     filesystem (SystemRescue and Arch; ignored by layouts that fetch their own)
   */
  public ProfileService.Saved create(String image, String name, String stage3, String author) {
    refuseUncheckedChecksum(image);
    IsoDetection.Detected d = detect(image);
    String method = stage3 == null || stage3.isBlank() ? "http" : stage3.toLowerCase(Locale.ROOT);
    if (!List.of("http", "nbd", "nfs").contains(method)) {
      throw InventoryException.invalid("stage 3 is http, nbd or nfs, not '" + stage3 + "'");
    }
    String profileName = name == null || name.isBlank() ? defaultName(image, method) : name;
    return profiles.create(build(image, profileName, method, d), author);
  }

  private static ProfileData build(
      String image, String name, String method, IsoDetection.Detected d) {
    String base = image + "/";
    List<String> initrds = d.initrds().stream().map(i -> base + i).toList();
    String http = Tokens.HTTP + "/images/" + base;
    return switch (d.kind()) {
      case SYSTEMRESCUE -> {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("image", image);
        if (method.equals("nbd")) {
          params.put("label", d.volumeLabel());
        }
        ProfileData p =
            PresetCatalog.instantiate(PresetCatalog.byId("systemrescue-" + method), name, params);
        String cmdline = p.cmdline();
        if (!cmdline.contains("archisolabel=")) {
          cmdline = cmdline + " archisolabel=" + d.volumeLabel();
        }
        ProfileData.Stage3 s3 = new ProfileData.Stage3(method, image);
        yield ProfileData.linux(
                "SystemRescue from " + image + " (" + method.toUpperCase(Locale.ROOT) + ")",
                p.kernel(),
                initrds,
                cmdline,
                s3)
            .withName(name);
      }
      case SYSTEMRESCUE_LEGACY -> {
        String kernel = d.kernel();
        ProfileData p =
            PresetCatalog.instantiate(
                PresetCatalog.byId("systemrescue-legacy"),
                name,
                Map.of("image", image, "kernel", kernel));
        yield p;
      }
      case MEMTEST ->
          PresetCatalog.instantiate(
              PresetCatalog.byId("memtest"), name, Map.of("kernel", base + d.kernel()));
      case ARCH ->
          ProfileData.linux(
                  "Arch Linux from " + image + " (" + method.toUpperCase(Locale.ROOT) + ")",
                  base + d.kernel(),
                  initrds,
                  "archisobasedir=arch archisolabel="
                      + d.volumeLabel()
                      + " ip=dhcp archiso_"
                      + method
                      + "_srv="
                      + Tokens.STAGE3
                      + (method.equals("http") ? " checksum" : ""),
                  new ProfileData.Stage3(method, image))
              .withName(name);
      case UBUNTU ->
          ProfileData.linux(
                  "Ubuntu from " + image,
                  base + d.kernel(),
                  initrds,
                  "ip=dhcp boot=casper netboot=url url="
                      + Tokens.HTTP
                      + "/images/"
                      + image
                      + ".iso",
                  null)
              .withName(name);
      case DEBIAN_LIVE ->
          ProfileData.linux(
                  "Debian live from " + image,
                  base + d.kernel(),
                  initrds,
                  "ip=dhcp boot=live components fetch=" + http + d.rootfs(),
                  null)
              .withName(name);
      case FEDORA ->
          ProfileData.linux(
                  d.title() + " from " + image,
                  base + d.kernel(),
                  initrds,
                  // dracut's live root for a live ISO; else Anaconda, whose repository is the ISO.
                  d.rootfs() != null && d.rootfs().startsWith("LiveOS/")
                      ? "ip=dhcp rd.live.image root=live:" + http + d.rootfs()
                      : "ip=dhcp inst.repo=" + http,
                  null)
              .withName(name);
      case ALPINE ->
          ProfileData.linux(
                  "Alpine Linux from " + image,
                  base + d.kernel(),
                  initrds,
                  "ip=dhcp alpine_repo="
                      + (alpineRepository(d)
                          ? http + "apks"
                          : "https://dl-cdn.alpinelinux.org/alpine/latest-stable/main")
                      + (d.rootfs() == null ? "" : " modloop=" + http + d.rootfs()),
                  null)
              .withName(name);
      case UNKNOWN -> {
        List<String> listed = new ArrayList<>();
        listed.add("kernels: " + (d.kernels().isEmpty() ? "none" : String.join(", ", d.kernels())));
        listed.add(
            "initrds: "
                + (d.initrdFiles().isEmpty() ? "none" : String.join(", ", d.initrdFiles())));
        throw InventoryException.invalid(
            "the ISO '"
                + image
                + "' has no layout Bootkeeper knows; make a profile by hand (the linux preset)"
                + " from its files, under '"
                + base
                + "': "
                + String.join("; ", listed));
      }
    };
  }

  /** Whether the Alpine ISO carries its package repository ({@code apks/}). */
  private static boolean alpineRepository(IsoDetection.Detected d) {
    return d.fetches().stream()
        .anyMatch(f -> f.path().equals(IsoDetection.ALPINE_REPOSITORY_INDEX) && f.present());
  }

  /** A mismatching checksum keeps the ISO from profiles until an admin accepts it. */
  private static void refuseUncheckedChecksum(String image) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              Image i = Image.byName(image).orElse(null);
              if (i == null || !"MISMATCH".equals(i.checksumState)) {
                return;
              }
              String sha256 =
                  i.files.stream()
                      .filter(f -> f.path.equals(i.isoFile))
                      .map(f -> f.sha256)
                      .findFirst()
                      .orElse(null);
              if (sha256 == null || !sha256.equals(i.checksumAcceptedSha256)) {
                throw InventoryException.conflict(
                    "the ISO '"
                        + image
                        + "' does not match its published checksum ("
                        + i.checksumDetail
                        + "); accept it first if you trust it");
              }
            });
  }

  /**
   * Accepts an ISO whose checksum does not match, as it is now (a changed ISO is checked again).
   */
  public void acceptChecksum(String image) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              Image i =
                  Image.byName(image)
                      .orElseThrow(
                          () -> InventoryException.notFound("no image named '" + image + "'"));
              if (i.isoFile == null) {
                throw InventoryException.invalid("'" + image + "' is not an ISO image");
              }
              i.checksumAcceptedSha256 =
                  i.files.stream()
                      .filter(f -> f.path.equals(i.isoFile))
                      .map(f -> f.sha256)
                      .findFirst()
                      .orElseThrow(
                          () -> InventoryException.invalid("the ISO has not been hashed yet"));
              audit.record(
                  "accept-checksum",
                  AuditLog.IMAGE,
                  i.name,
                  i.isoFile + " accepted as sha256 " + i.checksumAcceptedSha256);
            });
  }

  static String defaultName(String image, String method) {
    String n = (image + "-" + method).replaceAll("[^A-Za-z0-9._-]", "-");
    return n.length() > 64 ? n.substring(0, 64) : n;
  }
}
