package dev.bootkeeper.dashboard;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a file a machine asked for is, guessed from its path (the {@code file} of a TFTP/HTTP
 * event), so the diagnosis can tell which stage of the boot it belongs to.
 */
enum FileKind {
  CONFIG("pxelinux\\.cfg/|grub\\.cfg|\\.ipxe\\b|(^|\\s|/)boot/[0-9a-f:-]{12,17}"),
  INITRD("initrd|initramfs|\\.igz\\b|sysresccd\\.img|ucode\\.img|\\.cpio"),
  KERNEL("vmlinu[xz]|bzimage|\\brescue(32|64)\\b|memtest|(^|/|\\s)linux(\\s|:|$)|\\bkernel\\b"),
  ROOTFS("\\.sfs\\b|\\.squashfs\\b|sysrcd\\.dat|airootfs|\\.iso\\b"),
  LOADER("pxelinux\\.0|\\.c32\\b|\\.kpxe\\b|\\.efi\\b|\\.pxe\\b|\\.0\\b"),
  OTHER("$^");

  private final Pattern pattern;

  FileKind(String regex) {
    this.pattern = Pattern.compile(regex);
  }

  static FileKind of(String file) {
    if (file == null || file.isBlank()) {
      return OTHER;
    }
    String d = file.toLowerCase(Locale.ROOT);
    for (FileKind k : values()) {
      if (k != OTHER && k.pattern.matcher(d).find()) {
        return k;
      }
    }
    return OTHER;
  }
}
