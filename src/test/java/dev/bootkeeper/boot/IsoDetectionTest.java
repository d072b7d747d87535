package dev.bootkeeper.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bootkeeper.iso.IsoReader;
import dev.bootkeeper.iso.IsoSource;
import dev.bootkeeper.iso.Xorriso;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each distribution's netboot layout, in an ISO xorriso builds, is told apart by its files. */
class IsoDetectionTest {

  @TempDir Path dir;

  private IsoDetection.Detected detect(String name, String label, String... files)
      throws Exception {
    Path src = dir.resolve(name);
    for (String f : files) {
      Files.createDirectories(src.resolve(f).getParent());
      Files.writeString(src.resolve(f), f);
    }
    Path iso = Xorriso.mkisofs(src, dir.resolve(name + ".iso"), label, "-R");
    return IsoDetection.of(IsoReader.read(IsoSource.of(Files.readAllBytes(iso))));
  }

  @Test
  void eachLayoutIsKnownByItsFiles() throws Exception {
    IsoDetection.Detected arch =
        detect(
            "arch",
            "ARCH_202601",
            "arch/boot/x86_64/vmlinuz-linux",
            "arch/boot/x86_64/initramfs-linux.img",
            "arch/boot/amd-ucode.img",
            "arch/x86_64/airootfs.sfs");
    assertEquals(IsoDetection.Kind.ARCH, arch.kind());
    assertEquals(
        List.of("arch/boot/amd-ucode.img", "arch/boot/x86_64/initramfs-linux.img"), arch.initrds());
    assertEquals(
        IsoDetection.Kind.UBUNTU,
        detect("ubuntu", "Ubuntu", "casper/vmlinuz", "casper/initrd").kind());
    IsoDetection.Detected debian =
        detect("debian", "d-live", "live/vmlinuz", "live/initrd.img", "live/filesystem.squashfs");
    assertEquals(IsoDetection.Kind.DEBIAN_LIVE, debian.kind());
    assertEquals("live/filesystem.squashfs", debian.rootfs());
    assertEquals(
        IsoDetection.Kind.FEDORA,
        detect("fedora", "Fedora", "images/pxeboot/vmlinuz", "images/pxeboot/initrd.img").kind());
    assertEquals(
        "boot/vmlinuz-lts",
        detect("alpine", "alpine", "boot/vmlinuz-lts", "boot/initramfs-lts", "boot/modloop-lts")
            .kernel());
    assertEquals(
        IsoDetection.Kind.MEMTEST,
        detect("memtest", "MT", "boot/memtest86+x64.bin", "efi/boot/BOOTX64.efi").kind());
    assertEquals(
        "SystemRescue 11.03",
        detect(
                "sr",
                "RESCUE1103",
                "sysresccd/boot/x86_64/vmlinuz",
                "sysresccd/boot/x86_64/sysresccd.img")
            .title());
  }
}
