package dev.bootkeeper.boot;

import dev.bootkeeper.iso.IsoLookup;
import dev.bootkeeper.iso.IsoTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an ISO is, from the files it holds: the distribution's own netboot layout (kernel, initrds,
 * live root filesystem), as each distribution documents its PXE boot. Paths are inside the ISO. An
 * ISO of no known layout lists the kernels and initrds it holds, for a hand-made profile.
 */
public final class IsoDetection {

  public enum Kind {
    SYSTEMRESCUE,
    SYSTEMRESCUE_LEGACY,
    ARCH,
    DEBIAN_LIVE,
    UBUNTU,
    FEDORA,
    ALPINE,
    MEMTEST,
    UNKNOWN
  }

  /**
   * @param kernel the kernel to boot, inside the ISO; null for an unknown ISO
   * @param initrds the initrds in boot order (microcode first), only those present
   * @param rootfs the live root filesystem stage 3 fetches, when the layout has one
   * @param kernels every kernel-looking file, for a hand-made profile
   * @param initrdFiles every initrd-looking file, for a hand-made profile
   * @param fetches every file the layout's boot fetches, and whether the ISO holds it (microcode
   *     images are optional)
   */
  public record Detected(
      Kind kind,
      String title,
      String volumeLabel,
      String kernel,
      List<String> initrds,
      String rootfs,
      List<String> kernels,
      List<String> initrdFiles,
      List<Fetch> fetches) {}

  /** A file a boot of this layout fetches, inside the ISO, and whether it is there. */
  public record Fetch(String path, boolean present) {}

  /** Files listed for an unknown ISO, at most; an ISO of packages holds thousands. */
  static final int MAX_LISTED = 100;

  private static final Pattern KERNEL =
      Pattern.compile("(vmlinuz.*|vmlinux.*|bzimage.*|linux(64)?|rescue(32|64)|kernel|memtest.*)");
  private static final Pattern INITRD =
      Pattern.compile(
          "(initrd.*|initramfs.*|.*\\.igz|.*ucode\\.img|sysresccd\\.img|archiso\\.img)");

  private IsoDetection() {}

  public static Detected of(IsoTree tree) {
    String label = tree.volumeLabel();
    if (has(tree, "sysresccd/boot/x86_64/vmlinuz")
        && has(tree, "sysresccd/boot/x86_64/sysresccd.img")) {
      return known(
          tree,
          Kind.SYSTEMRESCUE,
          "SystemRescue " + version(label),
          "sysresccd/boot/x86_64/vmlinuz",
          List.of(
              "sysresccd/boot/intel_ucode.img",
              "sysresccd/boot/amd_ucode.img",
              "sysresccd/boot/x86_64/sysresccd.img"),
          "sysresccd/x86_64/airootfs.sfs");
    }
    if (has(tree, "sysrcd.dat") && has(tree, "isolinux/initram.igz")) {
      String kernel = has(tree, "isolinux/rescue64") ? "isolinux/rescue64" : "isolinux/rescue32";
      return known(
          tree,
          Kind.SYSTEMRESCUE_LEGACY,
          "SystemRescueCd (1.x to 5.x)",
          kernel,
          List.of("isolinux/initram.igz"),
          "sysrcd.dat");
    }
    if (has(tree, "arch/boot/x86_64/vmlinuz-linux")) {
      return known(
          tree,
          Kind.ARCH,
          "Arch Linux",
          "arch/boot/x86_64/vmlinuz-linux",
          List.of(
              "arch/boot/intel-ucode.img",
              "arch/boot/amd-ucode.img",
              "arch/boot/x86_64/initramfs-linux.img"),
          "arch/x86_64/airootfs.sfs");
    }
    if (has(tree, "casper/vmlinuz")) {
      return known(
          tree,
          Kind.UBUNTU,
          "Ubuntu (casper)",
          "casper/vmlinuz",
          List.of("casper/initrd", "casper/initrd.gz", "casper/initrd.lz"),
          null);
    }
    if (has(tree, "live/vmlinuz") && has(tree, "live/filesystem.squashfs")) {
      return known(
          tree,
          Kind.DEBIAN_LIVE,
          "Debian live",
          "live/vmlinuz",
          List.of("live/initrd.img"),
          "live/filesystem.squashfs");
    }
    if (has(tree, "images/pxeboot/vmlinuz")) {
      return known(
          tree,
          Kind.FEDORA,
          "Fedora / RHEL (images/pxeboot)",
          "images/pxeboot/vmlinuz",
          List.of("images/pxeboot/initrd.img"),
          null);
    }
    for (String flavour : List.of("lts", "virt")) {
      if (has(tree, "boot/vmlinuz-" + flavour) && has(tree, "boot/initramfs-" + flavour)) {
        return known(
            tree,
            Kind.ALPINE,
            "Alpine Linux (" + flavour + ")",
            "boot/vmlinuz-" + flavour,
            List.of("boot/initramfs-" + flavour),
            "boot/modloop-" + flavour);
      }
    }
    Optional<String> memtest =
        tree.files().stream()
            .filter(f -> name(f).startsWith("memtest") && name(f).endsWith(".bin"))
            .findFirst();
    if (memtest.isPresent()) {
      return known(tree, Kind.MEMTEST, "Memtest86+", memtest.get(), List.of(), null);
    }
    List<String> kernels = new ArrayList<>();
    List<String> initrds = new ArrayList<>();
    for (String f : tree.files()) {
      if (KERNEL.matcher(name(f)).matches() && kernels.size() < MAX_LISTED) {
        kernels.add(f);
      } else if (INITRD.matcher(name(f)).matches() && initrds.size() < MAX_LISTED) {
        initrds.add(f);
      }
    }
    return new Detected(
        Kind.UNKNOWN,
        "an ISO of unknown layout",
        label,
        null,
        List.of(),
        null,
        kernels,
        initrds,
        List.of());
  }

  private static Detected known(
      IsoTree tree, Kind kind, String title, String kernel, List<String> initrds, String rootfs) {
    List<String> present = initrds.stream().filter(i -> has(tree, i)).toList();
    List<Fetch> fetches = new ArrayList<>();
    fetches.add(new Fetch(kernel, has(tree, kernel)));
    initrds.forEach(i -> fetches.add(new Fetch(i, has(tree, i))));
    if (rootfs != null) {
      fetches.add(new Fetch(rootfs, has(tree, rootfs)));
      if (rootfs.endsWith("airootfs.sfs")) {
        // archiso's "checksum" option fetches it beside the root filesystem.
        String sha = rootfs.replace("airootfs.sfs", "airootfs.sha512");
        fetches.add(new Fetch(sha, has(tree, sha)));
      }
    }
    return new Detected(
        kind,
        title,
        tree.volumeLabel(),
        kernel,
        present,
        rootfs != null && has(tree, rootfs) ? rootfs : null,
        List.of(kernel),
        present,
        fetches);
  }

  private static boolean has(IsoTree tree, String path) {
    return tree.find(path) instanceof IsoLookup.Found;
  }

  private static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
  }

  /** SystemRescue's label is RESCUE and the version's digits: RESCUE1200 is 12.00. */
  private static String version(String label) {
    if (label != null && label.matches("RESCUE\\d{3,4}")) {
      String digits = label.substring(6);
      return digits.substring(0, digits.length() - 2) + "." + digits.substring(digits.length() - 2);
    }
    return "6 or later";
  }
}
