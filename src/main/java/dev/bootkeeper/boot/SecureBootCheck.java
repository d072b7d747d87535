package dev.bootkeeper.boot;

import dev.bootkeeper.store.ProfileKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What stops a profile from booting on the Secure Boot chain (shim, then Debian-signed GRUB), found
 * before a machine tries: signed GRUB loads only signed kernels and binaries (it refuses the rest
 * with "bad shim signature"), cannot run an iPXE script, and fetches over TFTP only, because the
 * signed image has no HTTP driver built in and loads no module from disk. Initrds are not verified.
 */
public final class SecureBootCheck {

  private SecureBootCheck() {}

  /** Empty when the profile can boot under Secure Boot as far as can be told from here. */
  public static List<String> problems(ProfileSpec profile, ImageRoot root) {
    List<String> problems = new ArrayList<>();
    switch (profile.kind()) {
      case LOCAL -> {}
      // Signed GRUB shows the menu; what stops an entry stops the boot when it is chosen.
      case MENU -> {
        for (ProfileSpec entry : profile.menu().map(MenuSpec::entries).orElse(List.of())) {
          problems(entry, root).forEach(m -> problems.add("entry '" + entry.name() + "': " + m));
        }
      }
      case IPXE ->
          problems.add(
              "an iPXE script cannot run on the Secure Boot chain: GRUB does not run iPXE scripts"
                  + " and Debian's iPXE is not signed");
      case LINUX, CHAIN -> {
        String what = profile.kind() == ProfileKind.LINUX ? "kernel" : "chained loader";
        binaryProblem(what, profile.kernel(), root).ifPresent(problems::add);
        if (profile.kind() == ProfileKind.LINUX) {
          for (String initrd : profile.initrds()) {
            if (BootPaths.isUrl(initrd)) {
              problems.add(
                  "initrd "
                      + initrd
                      + " is a URL: signed GRUB fetches over TFTP only (no HTTP driver built in)");
            }
          }
        }
      }
    }
    if (profile.templates().containsKey(ConfigFormat.GRUB)) {
      problems.add(
          "its custom GRUB template is not checked: signed GRUB refuses 'insmod' of modules and"
              + " unsigned binaries");
    }
    return List.copyOf(problems);
  }

  private static Optional<String> binaryProblem(String what, String ref, ImageRoot root) {
    if (ref == null || ref.isBlank()) {
      return Optional.empty();
    }
    if (BootPaths.isUrl(ref)) {
      return Optional.of(
          what
              + " "
              + ref
              + " is a URL: signed GRUB fetches over TFTP only (no HTTP driver built in), so give"
              + " a path under the images directory");
    }
    if (!(root.lookup(ref) instanceof FileLookup.Found found)
        || !(found.file() instanceof BootFile.OnDisk disk)) {
      return Optional.of(what + " " + ref + " is not in the images directory");
    }
    try {
      return switch (PeSignature.of(disk.path())) {
        case SIGNED -> Optional.empty();
        case UNSIGNED ->
            Optional.of(
                what
                    + " "
                    + ref
                    + " is not signed: GRUB refuses it under Secure Boot ('bad shim signature')");
        case NOT_PE ->
            Optional.of(
                what
                    + " "
                    + ref
                    + " is not an EFI binary (no EFI stub), so nothing can start it under Secure"
                    + " Boot");
      };
    } catch (IOException e) {
      return Optional.of(what + " " + ref + " cannot be read: " + e.getMessage());
    }
  }
}
