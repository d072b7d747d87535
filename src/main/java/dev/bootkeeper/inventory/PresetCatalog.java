package dev.bootkeeper.inventory;

import dev.bootkeeper.boot.Tokens;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Ready-made profiles a user instantiates with a few parameters. The SystemRescue ones follow the
 * parameters of the ISO's own {@code sysresccd_pxe.cfg}: {@code archisobasedir=sysresccd}, the
 * microcode images before the initramfs, and stage 3 over HTTP ({@code archiso_http_srv} with its
 * trailing slash and {@code checksum}), NBD ({@code archiso_nbd_srv}) or NFS ({@code
 * archiso_nfs_srv}). {@code ip=dhcp} is added because iPXE and GRUB have no {@code SYSAPPEND}.
 */
public final class PresetCatalog {

  /** A parameter a user fills in, with its default when it has one. */
  public record Param(String name, String description, String defaultValue) {}

  public record Preset(
      String id,
      String title,
      String description,
      List<Param> params,
      Function<Map<String, String>, ProfileData> build) {}

  private static final String SYSRESCUE_BASE = "archisobasedir=sysresccd ip=dhcp";

  private static final List<Preset> ALL =
      List.of(
          new Preset(
              "systemrescue-http",
              "SystemRescue 6 or later, root filesystem over HTTP",
              "Kernel and initramfs over TFTP or HTTP, then airootfs.sfs downloaded over HTTP and"
                  + " checked against airootfs.sha512. The machine needs about twice the size of"
                  + " airootfs.sfs in RAM.",
              List.of(imageParam()),
              p ->
                  sysrescue(
                      p,
                      "http",
                      SYSRESCUE_BASE
                          + " archiso_http_srv="
                          + Tokens.STAGE3
                          + " checksum iomem=relaxed")),
          new Preset(
              "systemrescue-nbd",
              "SystemRescue 6 or later, root filesystem over NBD",
              "The whole ISO is exported read-only over NBD (export 'archiso'); the machine needs"
                  + " far less RAM than with HTTP.",
              List.of(
                  imageParam(),
                  new Param(
                      "label",
                      "the ISO's volume label, RESCUE followed by the version without its dot",
                      "RESCUE1200")),
              p ->
                  sysrescue(
                      p,
                      "nbd",
                      SYSRESCUE_BASE
                          + " archisolabel="
                          + p.get("label")
                          + " archiso_nbd_srv="
                          + Tokens.STAGE3
                          + " iomem=relaxed")),
          new Preset(
              "systemrescue-nfs",
              "SystemRescue 6 or later, root filesystem over NFS",
              "Needs an NFS server (run by you) exporting the images directory at"
                  + " bootkeeper.nfs-root.",
              List.of(imageParam()),
              p ->
                  sysrescue(
                      p,
                      "nfs",
                      SYSRESCUE_BASE + " archiso_nfs_srv=" + Tokens.STAGE3 + " iomem=relaxed")),
          new Preset(
              "systemrescue-legacy",
              "SystemRescueCd 1.x to 5.x",
              "The Gentoo-based releases: rescue64 with initram.igz, and sysrcd.dat downloaded over"
                  + " HTTP into RAM (about 1 GB).",
              List.of(
                  new Param(
                      "image", "the folder holding the ISO's files (sysrcd.dat, isolinux/)", null),
                  new Param("kernel", "the kernel inside the image folder", "isolinux/rescue64")),
              p ->
                  ProfileData.linux(
                      "SystemRescueCd (legacy)",
                      p.get("image") + "/" + p.get("kernel"),
                      List.of(p.get("image") + "/isolinux/initram.igz"),
                      "dodhcp netboot=" + Tokens.STAGE3 + "sysrcd.dat",
                      new ProfileData.Stage3("http", p.get("image")))),
          new Preset(
              "linux",
              "Generic Linux kernel and initrd",
              "Any distribution's netboot kernel and initrd.",
              List.of(
                  new Param("kernel", "path under the images directory, or a URL", null),
                  new Param("initrd", "path under the images directory, or a URL", null),
                  new Param("cmdline", "kernel command line", "console=tty0 console=ttyS0,115200")),
              p ->
                  ProfileData.linux(
                      "Linux", p.get("kernel"), List.of(p.get("initrd")), p.get("cmdline"), null)),
          new Preset(
              "local-disk",
              "Boot from the local disk",
              "Hands the machine back to its own disk.",
              List.of(),
              p -> ProfileData.ofKind("local", "Local disk")),
          new Preset(
              "memtest",
              "Memtest86+",
              "Memory test (the BIOS build, loaded as a Linux kernel image).",
              List.of(
                  new Param(
                      "kernel",
                      "path to memtest86+x64.bin under the images directory",
                      "memtest/memtest86+x64.bin")),
              p -> ProfileData.linux("Memtest86+", p.get("kernel"), List.of(), null, null)));

  private PresetCatalog() {}

  public static List<Preset> all() {
    return ALL;
  }

  public static Preset byId(String id) {
    return ALL.stream()
        .filter(p -> p.id().equals(id))
        .findFirst()
        .orElseThrow(() -> InventoryException.notFound("no preset '" + id + "'"));
  }

  /** The profile this preset makes with these parameters (defaults filled in, all required). */
  public static ProfileData instantiate(Preset preset, String name, Map<String, String> given) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Param param : preset.params()) {
      String v = given == null ? null : given.get(param.name());
      if (v == null || v.isBlank()) {
        v = param.defaultValue();
      }
      if (v == null) {
        throw InventoryException.invalid(
            "preset "
                + preset.id()
                + " needs the parameter '"
                + param.name()
                + "': "
                + param.description());
      }
      values.put(param.name(), Fields.line("params." + param.name(), v.trim(), 1024));
    }
    if (given != null) {
      for (String k : given.keySet()) {
        if (preset.params().stream().noneMatch(p -> p.name().equals(k))) {
          throw InventoryException.invalid(
              "preset " + preset.id() + " has no parameter '" + k + "'");
        }
      }
    }
    return preset.build().apply(values).withName(name);
  }

  /**
   * A microcode image (SystemRescue's {@code intel_ucode.img}, {@code amd_ucode.img}): loaded
   * before the initramfs when the image has it, but not every build or copy does, and pxelinux
   * stops the whole boot on an initrd it cannot fetch.
   */
  public static boolean isMicrocode(String initrd) {
    return initrd != null && initrd.endsWith("_ucode.img");
  }

  private static Param imageParam() {
    return new Param(
        "image",
        "the folder under the images directory holding the ISO's files (with sysresccd/ inside)",
        null);
  }

  private static ProfileData sysrescue(Map<String, String> p, String method, String cmdline) {
    String image = p.get("image");
    String boot = image + "/sysresccd/boot/";
    String stage3Image = method.equals("nbd") ? null : image;
    return ProfileData.linux(
        "SystemRescue (" + method.toUpperCase(java.util.Locale.ROOT) + ")",
        boot + "x86_64/vmlinuz",
        List.of(boot + "intel_ucode.img", boot + "amd_ucode.img", boot + "x86_64/sysresccd.img"),
        cmdline,
        new ProfileData.Stage3(method, stage3Image));
  }
}
