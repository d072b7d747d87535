package dev.bootkeeper.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.bootkeeper.boot.IsoDetection.Fetch;
import dev.bootkeeper.boot.IsoDetection.Kind;
import dev.bootkeeper.iso.IsoReader;
import dev.bootkeeper.iso.IsoSource;
import dev.bootkeeper.iso.Xorriso;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each distribution's netboot layout, in an ISO xorriso builds with the file names the
 * distribution's own ISOs carry, is told apart by its files: the kernel and initrds its boot loads,
 * its live root filesystem, and every file a boot fetches with whether the ISO holds it.
 */
class IsoDetectionTest {

  @TempDir Path dir;

  private IsoDetection.Detected detect(String name, String label, String... files)
      throws Exception {
    Path src = dir.resolve(name);
    for (String f : files) {
      Files.createDirectories(src.resolve(f).getParent());
      Files.writeString(src.resolve(f), f);
    }
    Path iso = Xorriso.mkisofs(src, dir.resolve(name + ".iso"), label, "-R", "-J");
    return IsoDetection.of(IsoReader.read(IsoSource.of(Files.readAllBytes(iso))));
  }

  private static void assertLayout(
      IsoDetection.Detected d, Kind kind, String kernel, List<String> initrds, String rootfs) {
    assertEquals(kind, d.kind(), d::toString);
    assertEquals(kernel, d.kernel(), d::toString);
    assertEquals(initrds, d.initrds(), d::toString);
    assertEquals(rootfs, d.rootfs(), d::toString);
  }

  @Test
  void systemRescueWithItsMicrocodeLabelAndChecksumFile() throws Exception {
    IsoDetection.Detected d =
        detect(
            "sr",
            "RESCUE1103",
            "sysresccd/boot/x86_64/vmlinuz",
            "sysresccd/boot/x86_64/sysresccd.img",
            "sysresccd/boot/intel_ucode.img",
            "sysresccd/x86_64/airootfs.sfs",
            "sysresccd/x86_64/airootfs.sha512");
    assertLayout(
        d,
        Kind.SYSTEMRESCUE,
        "sysresccd/boot/x86_64/vmlinuz",
        List.of("sysresccd/boot/intel_ucode.img", "sysresccd/boot/x86_64/sysresccd.img"),
        "sysresccd/x86_64/airootfs.sfs");
    assertEquals("SystemRescue 11.03", d.title());
    assertEquals("RESCUE1103", d.volumeLabel());
    assertEquals(
        List.of(
            new Fetch("sysresccd/boot/x86_64/vmlinuz", true, false),
            new Fetch("sysresccd/boot/intel_ucode.img", true, true),
            new Fetch("sysresccd/boot/amd_ucode.img", false, true),
            new Fetch("sysresccd/boot/x86_64/sysresccd.img", true, false),
            new Fetch("sysresccd/x86_64/airootfs.sfs", true, false),
            new Fetch("sysresccd/x86_64/airootfs.sha512", true, false)),
        d.fetches());
  }

  @Test
  void systemRescueWithoutItsRootFilesystemSaysWhatIsMissing() throws Exception {
    IsoDetection.Detected d =
        detect(
            "sr-cut",
            "RESCUE1200",
            "sysresccd/boot/x86_64/vmlinuz",
            "sysresccd/boot/x86_64/sysresccd.img");
    assertEquals(Kind.SYSTEMRESCUE, d.kind());
    assertNull(d.rootfs());
    assertEquals(
        List.of(
            new Fetch("sysresccd/x86_64/airootfs.sfs", false, false),
            new Fetch("sysresccd/x86_64/airootfs.sha512", false, false)),
        d.fetches().subList(4, 6));
  }

  @Test
  void systemRescueCdBefore6() throws Exception {
    assertLayout(
        detect(
            "legacy",
            "SYSRCD532",
            "isolinux/rescue64",
            "isolinux/rescue32",
            "isolinux/initram.igz",
            "sysrcd.dat",
            "sysrcd.md5"),
        Kind.SYSTEMRESCUE_LEGACY,
        "isolinux/rescue64",
        List.of("isolinux/initram.igz"),
        "sysrcd.dat");
    assertEquals(
        "isolinux/rescue32",
        detect("legacy32", "SYSRCD100", "isolinux/rescue32", "isolinux/initram.igz", "sysrcd.dat")
            .kernel());
  }

  @Test
  void archWithBothMicrocodeImages() throws Exception {
    IsoDetection.Detected d =
        detect(
            "arch",
            "ARCH_202601",
            "arch/boot/x86_64/vmlinuz-linux",
            "arch/boot/x86_64/initramfs-linux.img",
            "arch/boot/intel-ucode.img",
            "arch/boot/amd-ucode.img",
            "arch/x86_64/airootfs.sfs",
            "arch/x86_64/airootfs.sha512");
    assertLayout(
        d,
        Kind.ARCH,
        "arch/boot/x86_64/vmlinuz-linux",
        List.of(
            "arch/boot/intel-ucode.img",
            "arch/boot/amd-ucode.img",
            "arch/boot/x86_64/initramfs-linux.img"),
        "arch/x86_64/airootfs.sfs");
    assertEquals("ARCH_202601", d.volumeLabel());
    assertEquals(true, d.fetches().stream().allMatch(Fetch::present));
  }

  @Test
  void debianLiveWithVersionedOrPlainNames() throws Exception {
    assertLayout(
        detect(
            "debian",
            "d-live 12.5.0 gn amd64",
            "live/vmlinuz-6.1.0-18-amd64",
            "live/initrd.img-6.1.0-18-amd64",
            "live/filesystem.squashfs",
            "live/filesystem.packages"),
        Kind.DEBIAN_LIVE,
        "live/vmlinuz-6.1.0-18-amd64",
        List.of("live/initrd.img-6.1.0-18-amd64"),
        "live/filesystem.squashfs");
    assertLayout(
        detect(
            "debian-plain",
            "d-live",
            "live/vmlinuz",
            "live/initrd.img",
            "live/filesystem.squashfs"),
        Kind.DEBIAN_LIVE,
        "live/vmlinuz",
        List.of("live/initrd.img"),
        "live/filesystem.squashfs");
  }

  @Test
  void ubuntuCasperWhateverItsInitrdIsCalled() throws Exception {
    IsoDetection.Detected current =
        detect("ubuntu", "Ubuntu 24.04 LTS amd64", "casper/vmlinuz", "casper/initrd");
    assertLayout(current, Kind.UBUNTU, "casper/vmlinuz", List.of("casper/initrd"), null);
    assertEquals(
        List.of(new Fetch("casper/vmlinuz", true, false), new Fetch("casper/initrd", true, false)),
        current.fetches());
    assertLayout(
        detect("ubuntu-old", "Ubuntu 16.04", "casper/vmlinuz", "casper/initrd.lz"),
        Kind.UBUNTU,
        "casper/vmlinuz",
        List.of("casper/initrd.lz"),
        null);
  }

  @Test
  void fedoraInstallerAndLive() throws Exception {
    IsoDetection.Detected installer =
        detect(
            "fedora",
            "Fedora-S-dvd-x86_64-40",
            "images/pxeboot/vmlinuz",
            "images/pxeboot/initrd.img",
            "images/install.img",
            ".treeinfo");
    assertLayout(
        installer,
        Kind.FEDORA,
        "images/pxeboot/vmlinuz",
        List.of("images/pxeboot/initrd.img"),
        "images/install.img");
    assertEquals("Fedora / RHEL installer (images/pxeboot)", installer.title());
    IsoDetection.Detected live =
        detect(
            "fedora-live",
            "Fedora-WS-Live-40",
            "images/pxeboot/vmlinuz",
            "images/pxeboot/initrd.img",
            "LiveOS/squashfs.img");
    assertLayout(
        live,
        Kind.FEDORA,
        "images/pxeboot/vmlinuz",
        List.of("images/pxeboot/initrd.img"),
        "LiveOS/squashfs.img");
    assertEquals("Fedora live (images/pxeboot)", live.title());
  }

  @Test
  void alpineWithItsOwnPackageRepository() throws Exception {
    IsoDetection.Detected d =
        detect(
            "alpine",
            "alpine-std 3.21.0 x86_64",
            "boot/vmlinuz-lts",
            "boot/initramfs-lts",
            "boot/modloop-lts",
            "apks/x86_64/APKINDEX.tar.gz");
    assertLayout(
        d, Kind.ALPINE, "boot/vmlinuz-lts", List.of("boot/initramfs-lts"), "boot/modloop-lts");
    assertEquals(
        new Fetch(IsoDetection.ALPINE_REPOSITORY_INDEX, true, false),
        d.fetches().get(d.fetches().size() - 1));
    IsoDetection.Detected virt =
        detect("alpine-virt", "alpine-virt", "boot/vmlinuz-virt", "boot/initramfs-virt");
    assertLayout(virt, Kind.ALPINE, "boot/vmlinuz-virt", List.of("boot/initramfs-virt"), null);
    assertEquals(new Fetch("boot/modloop-virt", false, false), virt.fetches().get(2));
  }

  @Test
  void memtest() throws Exception {
    assertLayout(
        detect("memtest", "MT", "boot/memtest86+x64.bin", "efi/boot/BOOTX64.efi"),
        Kind.MEMTEST,
        "boot/memtest86+x64.bin",
        List.of(),
        null);
  }

  @Test
  void anUnknownLayoutListsItsKernelsAndInitrds() throws Exception {
    IsoDetection.Detected d =
        detect(
            "other",
            "OTHER",
            "boot/vmlinuz-6.1",
            "boot/initrd.img-6.1",
            "install/linux",
            "install/initrd.gz",
            "README");
    assertEquals(Kind.UNKNOWN, d.kind());
    assertNull(d.kernel());
    assertEquals(List.of("boot/vmlinuz-6.1", "install/linux"), d.kernels());
    assertEquals(List.of("boot/initrd.img-6.1", "install/initrd.gz"), d.initrdFiles());
    assertEquals(List.of(), d.fetches());
  }
}
