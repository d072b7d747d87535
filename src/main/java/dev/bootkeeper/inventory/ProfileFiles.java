package dev.bootkeeper.inventory;

import dev.bootkeeper.boot.BootService;
import dev.bootkeeper.boot.FileLookup;
import dev.bootkeeper.boot.ImageRoot;
import dev.bootkeeper.store.Image;
import dev.bootkeeper.store.Profile;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which files a profile names that are not in the images directory. A missing file is a warning,
 * never a refusal: an admin often writes the profile first and copies the image afterwards. Paths
 * are looked up as a booting machine's would be ({@link ImageRoot#lookup}), so a file inside an ISO
 * read in place ({@code name/…} beside {@code name.iso}) counts as present.
 */
@ApplicationScoped
public class ProfileFiles {

  /**
   * One file a profile names that a machine would not find.
   *
   * @param field the editor's field that names it: kernel, initrd or stage 3 image
   */
  public record Missing(String field, String path, String reason) {
    public String sentence() {
      return "The " + field + " " + path + " " + reason + ".";
    }
  }

  /** A stored profile with at least one missing file. */
  public record ProfileWithMissing(String name, List<Missing> missing) {}

  private final BootService boot;

  public ProfileFiles(BootService boot) {
    this.boot = boot;
  }

  /** The missing files of a profile as entered (saved or not). */
  public List<Missing> missing(ProfileData p) {
    List<Missing> out = new ArrayList<>();
    if (p == null) {
      return out;
    }
    String kind = p.kind() == null ? "" : p.kind().trim().toLowerCase(java.util.Locale.ROOT);
    if (kind.equals("linux") || kind.equals("chain")) {
      file(out, kind.equals("chain") ? "loader" : "kernel", p.kernel());
    }
    if (kind.equals("linux") && p.initrds() != null) {
      for (String initrd : p.initrds()) {
        file(out, "initrd", initrd);
      }
    }
    if (p.stage3() != null && p.stage3().image() != null && !p.stage3().image().isBlank()) {
      image(out, p.stage3().image());
    }
    return out;
  }

  /** Every stored profile that names a missing file, by name. */
  @Transactional
  public List<ProfileWithMissing> profilesWithMissingFiles() {
    List<ProfileWithMissing> out = new ArrayList<>();
    for (Profile p : Profile.<Profile>listAll(Sort.by("name"))) {
      List<Missing> m = missing(ProfileMapper.toData(p));
      if (!m.isEmpty()) {
        out.add(new ProfileWithMissing(p.name, m));
      }
    }
    return out;
  }

  /**
   * The images an image folder may be picked from: the catalog's images, by name, each with whether
   * it is an ISO read in place.
   */
  @Transactional
  public Map<String, Boolean> images() {
    Map<String, Boolean> out = new LinkedHashMap<>();
    for (Image i : Image.<Image>listAll(Sort.by("name"))) {
      out.put(i.name, i.isoFile != null);
    }
    return out;
  }

  /** Whether a path under the images directory is a file or folder a machine would find. */
  public boolean present(String path) {
    if (path == null || path.isBlank() || isRemote(path)) {
      return true;
    }
    ImageRoot root = boot.imageRoot();
    if (root.lookup(path) instanceof FileLookup.Found) {
      return true;
    }
    return folder(path) || isoImage(path);
  }

  private void file(List<Missing> out, String field, String path) {
    if (path == null || path.isBlank() || isRemote(path)) {
      return;
    }
    FileLookup found = boot.imageRoot().lookup(path.trim());
    if (found instanceof FileLookup.Refused r) {
      out.add(new Missing(field, path.trim(), "is not served: " + r.reason()));
    } else if (!(found instanceof FileLookup.Found)) {
      out.add(new Missing(field, path.trim(), "is not in the images directory"));
    }
  }

  private void image(List<Missing> out, String image) {
    String path = image.trim();
    if (isRemote(path) || present(path)) {
      return;
    }
    out.add(new Missing("stage 3 image", path, "is neither a folder, a file nor an ISO image"));
  }

  /** A folder under the root whose real path stays under it (links are not trusted out). */
  private boolean folder(String path) {
    if (!(ImageRoot.normalise(path) instanceof ImageRoot.Normalised.Ok ok) || ok.path().isEmpty()) {
      return false;
    }
    Path root = boot.imageRoot().root();
    Path dir = root.resolve(ok.path());
    try {
      return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
          && dir.toRealPath().startsWith(root.toRealPath());
    } catch (IOException e) {
      return false;
    }
  }

  private boolean isoImage(String path) {
    if (!(ImageRoot.normalise(path) instanceof ImageRoot.Normalised.Ok ok)) {
      return false;
    }
    return boot.imageRoot().isoOf(ok.path()).isPresent();
  }

  /**
   * A URL or a value with an unexpanded token: fetched from elsewhere or decided per machine, so
   * the images directory cannot tell.
   */
  static boolean isRemote(String path) {
    return path.contains("://") || path.contains("${");
  }
}
