package dev.bootkeeper.inventory;

import dev.bootkeeper.boot.BootService;
import dev.bootkeeper.boot.ImageCatalog;
import dev.bootkeeper.boot.ImageRoot;
import dev.bootkeeper.boot.IsoChecksum;
import dev.bootkeeper.boot.SafeImageWrites;
import dev.bootkeeper.store.Image;
import dev.bootkeeper.store.Profile;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Deleting and renaming an image of the images directory: a folder, or an ISO read in place with
 * the checksum files beside it. The profiles that name the image are found first, so a person sees
 * them before deciding, and a rename can carry them along (each as a new profile version).
 */
@ApplicationScoped
public class ImageChanges {

  /** A new image name: one folder name, no path, not hidden. */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");

  /** What a rename did. */
  public record Renamed(String from, String to, List<String> profilesUpdated) {}

  private final BootService boot;
  private final ImageCatalog catalog;
  private final ProfileService profiles;

  private final AuditLog audit;

  public ImageChanges(
      BootService boot, ImageCatalog catalog, ProfileService profiles, AuditLog audit) {
    this.boot = boot;
    this.catalog = catalog;
    this.profiles = profiles;
    this.audit = audit;
  }

  /** The profiles whose kernel, initrds or stage 3 image lie in this image, by name. */
  public List<String> referencing(String image) {
    return QuarkusTransaction.joiningExisting()
        .call(
            () -> {
              List<String> names = new ArrayList<>();
              for (Profile p : Profile.<Profile>listAll(Sort.by("name"))) {
                if (references(ProfileMapper.toData(p), image)) {
                  names.add(p.name);
                }
              }
              return names;
            });
  }

  /** Deletes the image's files (the ISO and its checksum files, or the folder), then rescans. */
  public void delete(String image) {
    List<Path> paths = files(known(image));
    SafeImageWrites writes = new SafeImageWrites(boot.imageRoot());
    for (Path p : paths) {
      try {
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
          writes.delete(p);
        }
      } catch (IOException e) {
        catalog.rescan();
        throw InventoryException.conflict("could not delete " + image + ": " + e.getMessage());
      }
    }
    // Files are not part of a transaction: the entry follows the deletion that succeeded.
    audit.recordAlone("delete", AuditLog.IMAGE, image, paths.size() + " file(s) or folder(s)");
    catalog.rescan();
  }

  /**
   * Renames the image on disk; with {@code updateProfiles}, the profiles that name it are changed
   * to name the new one.
   */
  public Renamed rename(String image, String newName, boolean updateProfiles, String author) {
    String to = newName == null ? "" : newName.trim();
    if (!NAME.matcher(to).matches()) {
      throw InventoryException.invalid(
          "'"
              + to
              + "' is not a usable image name: letters, digits, '.', '_', '+' and '-', starting"
              + " with a letter or digit, at most 128 characters");
    }
    Known k = known(image);
    if (to.equals(image)) {
      throw InventoryException.invalid("the image is called '" + image + "' already");
    }
    Path root = boot.imageRoot().root();
    if (Files.exists(root.resolve(to), LinkOption.NOFOLLOW_LINKS)
        || Files.exists(root.resolve(to + ImageRoot.ISO_SUFFIX), LinkOption.NOFOLLOW_LINKS)) {
      throw InventoryException.conflict("an image named '" + to + "' exists already");
    }
    List<String> users = referencing(image);
    SafeImageWrites writes = new SafeImageWrites(boot.imageRoot());
    List<Path> from = files(k);
    try {
      for (Path p : from) {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        String fileName = p.getFileName().toString();
        // An ISO's files are name.iso and name.iso.sha512 (or .sha256): the suffix stays.
        String renamed = k.iso() ? to + fileName.substring(image.length()) : to;
        writes.rename(p, p.resolveSibling(renamed));
      }
    } catch (IOException e) {
      catalog.rescan();
      throw InventoryException.conflict("could not rename " + image + ": " + e.getMessage());
    }
    audit.recordAlone(
        "rename",
        AuditLog.IMAGE,
        image,
        image
            + " -> "
            + to
            + (users.isEmpty() ? "" : "; used by " + String.join(", ", users))
            + (updateProfiles ? " (updated)" : ""));
    List<String> updated = new ArrayList<>();
    if (updateProfiles) {
      for (String name : users) {
        ProfileData d = profiles.get(name);
        profiles.update(name, moved(d, image, to), author);
        updated.add(name);
      }
    }
    catalog.rescan();
    return new Renamed(image, to, updated);
  }

  /** The profile with every path in {@code from} moved to {@code to}. */
  static ProfileData moved(ProfileData d, String from, String to) {
    ProfileData.Stage3 s3 = d.stage3();
    if (s3 != null && s3.image() != null) {
      s3 = new ProfileData.Stage3(s3.method(), movedPath(s3.image(), from, to));
    }
    return new ProfileData(
        d.name(),
        d.description(),
        d.kind(),
        movedPath(d.kernel(), from, to),
        d.initrds() == null ? null : d.initrds().stream().map(i -> movedPath(i, from, to)).toList(),
        d.cmdline(),
        d.ipxeScript(),
        d.menu(),
        s3,
        d.templates(),
        d.selector(),
        d.selectorPriority(),
        d.uefiChain(),
        null,
        null);
  }

  /** The path with its image {@code from} replaced by {@code to}; other paths as they are. */
  static String movedPath(String path, String from, String to) {
    if (!inImage(path, from)) {
      return path;
    }
    String lead = path.startsWith("/") ? "/" : "";
    return lead + to + path.substring(lead.length() + from.length());
  }

  /** Whether a profile's path lies in the image: the image itself or a path under it. */
  static boolean inImage(String path, String image) {
    if (path == null) {
      return false;
    }
    String rest = path.startsWith("/") ? path.substring(1) : path;
    return rest.equals(image) || rest.startsWith(image + "/");
  }

  static boolean references(ProfileData d, String image) {
    List<String> paths = new ArrayList<>();
    paths.add(d.kernel());
    if (d.initrds() != null) {
      paths.addAll(d.initrds());
    }
    if (d.stage3() != null) {
      paths.add(d.stage3().image());
    }
    return paths.stream().anyMatch(p -> inImage(p, image));
  }

  private record Known(String name, String isoFile) {
    boolean iso() {
      return isoFile != null;
    }
  }

  private static Known known(String image) {
    return QuarkusTransaction.joiningExisting()
        .call(
            () ->
                Image.byName(image == null ? "" : image)
                    .map(i -> new Known(i.name, i.isoFile))
                    .orElseThrow(
                        () ->
                            InventoryException.notFound(
                                "no image named '" + image + "' (try a rescan)")));
  }

  /** The files that make up the image: its folder, or its ISO and checksum files. */
  private List<Path> files(Known k) {
    Path root = boot.imageRoot().root();
    if (!k.iso()) {
      if (k.name().contains("/") || k.name().startsWith(".")) {
        throw InventoryException.invalid("'" + k.name() + "' is not a top-level image");
      }
      return List.of(root.resolve(k.name()));
    }
    Path iso = root.resolve(k.isoFile());
    List<Path> out = new ArrayList<>();
    out.add(iso);
    out.addAll(IsoChecksum.sidecars(iso));
    return out;
  }
}
