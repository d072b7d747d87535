package dev.bootkeeper.boot;

import dev.bootkeeper.iso.IsoLookup;
import dev.bootkeeper.iso.IsoTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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
   * @param fetches every file the layout's boot fetches, and whether the ISO holds it
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

  /**
   * A file a boot of this layout fetches, inside the ISO, and whether it is there; an {@code
   * optional} one (a microcode image) is left out of the boot when the ISO lacks it.
   */
  public record Fetch(String path, boolean present, boolean optional) {}

  static final String DEBIAN_LIVE_ROOTFS = "live/filesystem.squashfs";
  static final String FEDORA_STAGE2 = "images/install.img";
  static final String FEDORA_LIVE_ROOTFS = "LiveOS/squashfs.img";

  /** The index of the package repository an Alpine ISO carries (its {@code apks/} folder). */
  public static final String ALPINE_REPOSITORY_INDEX = "apks/x86_64/APKINDEX.tar.gz";

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
      // Ubuntu names its initrd by its compression, which changed between releases.
      String initrd =
          Stream.of("casper/initrd", "casper/initrd.gz", "casper/initrd.lz")
              .filter(i -> has(tree, i))
              .findFirst()
              .orElse("casper/initrd");
      return known(tree, Kind.UBUNTU, "Ubuntu (casper)", "casper/vmlinuz", List.of(initrd), null);
    }
    Optional<String> liveKernel = debianLiveKernel(tree);
    if (liveKernel.isPresent() && has(tree, DEBIAN_LIVE_ROOTFS)) {
      // live-build names the kernel and initrd after the kernel's version (vmlinuz-6.1.0-18-amd64,
      // initrd.img-6.1.0-18-amd64); some builds also carry unversioned copies.
      String kernel = liveKernel.get();
      String initrd = "live/initrd.img" + kernel.substring("live/vmlinuz".length());
      return known(
          tree, Kind.DEBIAN_LIVE, "Debian live", kernel, List.of(initrd), DEBIAN_LIVE_ROOTFS);
    }
    if (has(tree, "images/pxeboot/vmlinuz")) {
      // Fedora's installer ISOs hold Anaconda's stage 2 (images/install.img, fetched through
      // inst.repo); its live ISOs boot dracut's live root, LiveOS/squashfs.img, instead.
      boolean live = has(tree, FEDORA_LIVE_ROOTFS) && !has(tree, FEDORA_STAGE2);
      return known(
          tree,
          Kind.FEDORA,
          live ? "Fedora live (images/pxeboot)" : "Fedora / RHEL installer (images/pxeboot)",
          "images/pxeboot/vmlinuz",
          List.of("images/pxeboot/initrd.img"),
          live ? FEDORA_LIVE_ROOTFS : FEDORA_STAGE2);
    }
    for (String flavour : List.of("lts", "virt")) {
      if (has(tree, "boot/vmlinuz-" + flavour) && has(tree, "boot/initramfs-" + flavour)) {
        Detected alpine =
            known(
                tree,
                Kind.ALPINE,
                "Alpine Linux (" + flavour + ")",
                "boot/vmlinuz-" + flavour,
                List.of("boot/initramfs-" + flavour),
                "boot/modloop-" + flavour);
        if (!has(tree, ALPINE_REPOSITORY_INDEX)) {
          return alpine;
        }
        // The ISO's own package repository: the machine installs from it, not from the Internet.
        List<Fetch> fetches = new ArrayList<>(alpine.fetches());
        fetches.add(new Fetch(ALPINE_REPOSITORY_INDEX, true, false));
        return new Detected(
            alpine.kind(),
            alpine.title(),
            alpine.volumeLabel(),
            alpine.kernel(),
            alpine.initrds(),
            alpine.rootfs(),
            alpine.kernels(),
            alpine.initrdFiles(),
            List.copyOf(fetches));
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

  /** {@code live/vmlinuz}, else the first versioned kernel in {@code live/}. */
  private static Optional<String> debianLiveKernel(IsoTree tree) {
    if (has(tree, "live/vmlinuz")) {
      return Optional.of("live/vmlinuz");
    }
    return tree.files().stream()
        .filter(f -> f.startsWith("live/vmlinuz-") && f.indexOf('/', 5) < 0)
        .sorted()
        .findFirst();
  }

  private static Detected known(
      IsoTree tree, Kind kind, String title, String kernel, List<String> initrds, String rootfs) {
    List<String> present = initrds.stream().filter(i -> has(tree, i)).toList();
    List<Fetch> fetches = new ArrayList<>();
    fetches.add(new Fetch(kernel, has(tree, kernel), false));
    initrds.forEach(i -> fetches.add(new Fetch(i, has(tree, i), isMicrocode(i))));
    if (rootfs != null) {
      fetches.add(new Fetch(rootfs, has(tree, rootfs), false));
      if (rootfs.endsWith("airootfs.sfs")) {
        // archiso's "checksum" option (in the HTTP profiles) fetches it beside the root filesystem.
        String sha = rootfs.replace("airootfs.sfs", "airootfs.sha512");
        fetches.add(new Fetch(sha, has(tree, sha), false));
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

  /** SystemRescue's {@code intel_ucode.img}, Arch's {@code amd-ucode.img}. */
  private static boolean isMicrocode(String path) {
    return name(path).endsWith("ucode.img");
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
