package dev.bootkeeper.boot;

import java.util.Optional;

/**
 * What pxelinux cannot be told. Its config has one directive per line and no quoting at all
 * (syslinux doc/syslinux.txt): {@code LINUX} takes the rest of the line, so a space in a kernel
 * path turns what follows into kernel arguments ({@code LINUX ::vmlinuz initrd=evil}), and {@code
 * INITRD} is a comma-separated list, so a comma in an initrd path adds an initrd. Such paths are
 * refused rather than quoted; line breaks are refused in every field ({@link ConfigLines}).
 */
public final class PxelinuxText {

  private PxelinuxText() {}

  /** What is wrong with a file reference (path or URL) for pxelinux, or empty. */
  public static Optional<String> pathProblem(String path) {
    if (path == null) {
      return Optional.empty();
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        return Optional.of(
            "holds a space (position "
                + i
                + "): pxelinux would read what follows as kernel arguments");
      }
      if (c == ',') {
        return Optional.of(
            "holds a comma (position " + i + "): pxelinux's INITRD would read a second file");
      }
    }
    return ConfigLines.problem(path, "");
  }
}
