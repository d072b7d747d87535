package dev.bootkeeper.boot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a menu profile offers, resolved to the entries' own specs so that rendering stays pure.
 *
 * @param entries the offered profiles, in menu order; none of them is a menu
 * @param defaultEntry the name of the entry booted when nobody chooses
 * @param timeoutSeconds how long the menu waits for a choice; 0 waits until someone chooses
 */
public record MenuSpec(List<ProfileSpec> entries, String defaultEntry, int timeoutSeconds) {

  /**
   * The most seconds a menu may wait: pxelinux's {@code TIMEOUT} counts tenths of a second and
   * takes at most 35996 (syslinux doc/syslinux.txt).
   */
  public static final int MAX_TIMEOUT_SECONDS = 3599;

  public MenuSpec {
    entries = entries == null ? List.of() : List.copyOf(entries);
  }

  /** The position of the default entry; the first entry when it is not offered. */
  public int defaultIndex() {
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i).name().equals(defaultEntry)) {
        return i;
      }
    }
    return 0;
  }

  /**
   * The entries that would fetch this file (a normalised path under the images directory) from the
   * appliance: its kernel, one of its initrds or its stage-3 image file. More than one when entries
   * share files.
   */
  public List<ProfileSpec> entriesFetching(String path) {
    List<ProfileSpec> out = new ArrayList<>();
    for (ProfileSpec e : entries) {
      if (files(e).contains(path)) {
        out.add(e);
      }
    }
    return out;
  }

  /** The files under the images directory this entry's loader fetches, normalised. */
  static List<String> files(ProfileSpec e) {
    List<String> out = new ArrayList<>();
    normalised(e.kernel()).ifPresent(out::add);
    e.initrds().forEach(i -> normalised(i).ifPresent(out::add));
    return out;
  }

  private static Optional<String> normalised(String ref) {
    if (ref == null || ref.isBlank() || BootPaths.isUrl(ref)) {
      return Optional.empty();
    }
    return ImageRoot.normalise(ref) instanceof ImageRoot.Normalised.Ok ok
        ? Optional.of(ok.path())
        : Optional.empty();
  }
}
