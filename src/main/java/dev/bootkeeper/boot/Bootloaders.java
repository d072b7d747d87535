package dev.bootkeeper.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The boot loaders a network needs under the images directory, whether each is there, and where to
 * get it when it is not. Debian packages them all; {@code images/fetch-bootloaders.sh} unpacks them
 * without installing anything.
 */
public final class Bootloaders {

  /**
   * @param file path under the images directory
   * @param purpose which firmware or step loads it
   * @param hint how to get it; null when present
   */
  public record Status(
      String file,
      String purpose,
      String source,
      boolean configured,
      boolean present,
      Long size,
      String hint) {}

  private record Need(String file, String purpose, String debianPackage) {}

  private static final String SCRIPT = "images/fetch-bootloaders.sh";

  private static final long MAX_MANIFEST_BYTES = 1 << 20;

  private static final List<Need> NEEDED =
      List.of(
          new Need("pxelinux.0", "BIOS PXE ROMs: pxelinux (TFTP only)", "pxelinux"),
          new Need(
              "ldlinux.c32", "pxelinux and lpxelinux core module, same build", "syslinux-common"),
          new Need("lpxelinux.0", "BIOS PXE ROMs: pxelinux with HTTP", "pxelinux"),
          new Need("undionly.kpxe", "BIOS PXE ROMs: iPXE on the ROM's UNDI driver", "ipxe"),
          new Need("ipxe.efi", "x86-64 UEFI: iPXE with its own NIC drivers", "ipxe"),
          new Need("snponly.efi", "x86-64 UEFI: iPXE on the firmware's network driver", "ipxe"),
          new Need("grubnetx64.efi", "x86-64 UEFI: GRUB network image", "grub-efi-amd64-bin"),
          new Need(
              "grub/x86_64-efi/http.mod",
              "GRUB's 'insmod http' (not built into Debian's grubnetx64.efi)",
              "grub-efi-amd64-bin"),
          new Need(
              "shimx64.efi",
              "x86-64 UEFI with Secure Boot: Microsoft-signed shim, first in the signed chain",
              "shim-signed"),
          new Need(
              "grubx64.efi",
              "x86-64 UEFI with Secure Boot: Debian-signed network GRUB, which shim loads",
              "grub-efi-amd64-signed"),
          new Need(
              "mmx64.efi",
              "x86-64 UEFI with Secure Boot: MokManager, which shim runs when it cannot verify",
              "shim-helpers-amd64-signed"));

  /** The files of the appliance itself in an images directory, which are not images. */
  private static final Set<String> OWN_FILES =
      Set.of("README.md", BundledLoaders.MANIFEST, "fetch-bootloaders.sh");

  private Bootloaders() {}

  public static List<Status> check(ImageRoot root, LoaderConfig loaders) {
    Map<String, Need> needs = new LinkedHashMap<>();
    NEEDED.forEach(n -> needs.put(n.file(), n));
    Map<String, String> configured = new LinkedHashMap<>();
    configured.put(loaders.bios(), "bootkeeper.dhcp.loader.bios");
    configured.put(loaders.biosIpxe(), "bootkeeper.dhcp.loader.bios-ipxe");
    configured.put(loaders.efiX64(), "bootkeeper.dhcp.loader.efi-x64");
    configured.put(loaders.efiX64SecureBoot(), "bootkeeper.dhcp.loader.efi-x64-secure-boot");
    configured.put(loaders.efiArm64(), "bootkeeper.dhcp.loader.efi-arm64");
    for (Map.Entry<String, String> c : configured.entrySet()) {
      needs.computeIfAbsent(
          c.getKey(), f -> new Need(f, "configured as " + c.getValue(), packageFor(f)));
    }
    List<Status> out = new ArrayList<>();
    for (Need n : needs.values()) {
      FileLookup found = root.lookup(n.file());
      boolean present = found instanceof FileLookup.Found f && f.file() instanceof BootFile.OnDisk;
      Long size = present ? ((FileLookup.Found) found).file().size() : null;
      out.add(
          new Status(
              n.file(),
              n.purpose(),
              n.debianPackage() == null ? null : "Debian package " + n.debianPackage(),
              configured.containsKey(n.file()),
              present,
              size,
              present ? null : hint(n, root)));
    }
    return out;
  }

  private static String hint(Need n, ImageRoot root) {
    if (n.debianPackage() == null) {
      return "not shipped by Debian: build it (for iPXE: make bin-arm64-efi/snponly.efi) and put"
          + " it at "
          + root.root().resolve(n.file());
    }
    return "run '"
        + SCRIPT
        + " "
        + root.root()
        + "' (takes it from the Debian package "
        + n.debianPackage()
        + " without installing anything)";
  }

  /**
   * The top-level names of the images directory that are boot loaders (or their folders) or files
   * of the appliance's own, rather than images: the loaders have a table of their own.
   */
  public static Set<String> notImages(ImageRoot root) {
    Set<String> names = new HashSet<>(OWN_FILES);
    NEEDED.forEach(n -> names.add(topLevel(n.file())));
    names.addAll(listed(root));
    return names;
  }

  /** The top-level names of the files the images directory's loader manifest lists. */
  private static Set<String> listed(ImageRoot root) {
    Path manifest = root.root().resolve(BundledLoaders.MANIFEST);
    Set<String> names = new HashSet<>();
    try {
      if (Files.isRegularFile(manifest, LinkOption.NOFOLLOW_LINKS)
          && Files.size(manifest) < MAX_MANIFEST_BYTES) {
        for (String line : Files.readAllLines(manifest)) {
          if (!line.startsWith("#") && line.contains("\t")) {
            names.add(topLevel(line.substring(0, line.indexOf('\t'))));
          }
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // An unreadable manifest only means its files are listed as images.
    }
    return names;
  }

  private static String topLevel(String path) {
    int slash = path.indexOf('/');
    return slash < 0 ? path : path.substring(0, slash);
  }

  /** The Debian package of a configured loader, when it is one the fetch script knows. */
  static String packageFor(String file) {
    String name = file.substring(file.lastIndexOf('/') + 1);
    for (Need n : NEEDED) {
      if (n.file().equals(name)) {
        return n.debianPackage();
      }
    }
    return switch (name) {
      case "menu.c32", "libutil.c32", "libcom32.c32" -> "syslinux-common";
      case "syslinux.efi" -> "syslinux-efi";
      default -> null;
    };
  }
}
