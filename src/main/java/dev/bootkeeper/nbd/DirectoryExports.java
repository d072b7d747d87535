package dev.bootkeeper.nbd;

import dev.bootkeeper.boot.BootFile;
import dev.bootkeeper.boot.FileLookup;
import dev.bootkeeper.boot.ImageRoot;
import dev.bootkeeper.boot.MacAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Exports every regular file under a root by its path relative to the root ({@code
 * sysresccd/x86_64/airootfs.sfs}), plus the name {@code archiso} for the configured ISO. Names that
 * leave the root ({@code ..}, absolute paths, symbolic links pointing outside) are unknown. Each
 * ISO image ({@code name.iso} under the root) is also exported whole by its image name ({@code
 * name}), and the files inside it by {@code name/<path in the ISO>}, read in place.
 */
public final class DirectoryExports implements NbdExports {

  /** LIST stops here, so a huge image tree cannot make one handshake reply unbounded. */
  static final int MAX_LISTED = 1000;

  private static final int MAX_DEPTH = 16;

  private final Path root;
  private final ImageRoot images;
  private final String archisoImage;
  private final Function<MacAddress, Optional<String>> stage3Image;

  /**
   * @param root the directory whose files are exported
   * @param archisoImage the path under {@code root} exported as {@code archiso}
   */
  public DirectoryExports(Path root, String archisoImage) {
    this(root, archisoImage, mac -> Optional.empty());
  }

  /**
   * @param stage3Image the NBD stage-3 image of the profile a machine boots now, if any: an ISO
   *     image named there is what that machine gets as {@code archiso}, because the archiso hook
   *     asks for that one name and its {@code archiso_nbd_srv} carries only an address
   */
  public DirectoryExports(
      Path root, String archisoImage, Function<MacAddress, Optional<String>> stage3Image) {
    this.root = root.toAbsolutePath().normalize();
    this.images = new ImageRoot(this.root);
    this.archisoImage = archisoImage;
    this.stage3Image = stage3Image;
  }

  @Override
  public NbdExports forClient(Optional<MacAddress> client) {
    if (client.isEmpty()) {
      return this;
    }
    DirectoryExports all = this;
    return new NbdExports() {
      @Override
      public Optional<NbdExport> find(String name) {
        if (name.equals(Nbd.DEFAULT_EXPORT)) {
          Optional<NbdExport> own =
              stage3Image
                  .apply(client.get())
                  .flatMap(
                      image ->
                          images
                              .isoOf(image)
                              .flatMap(
                                  iso ->
                                      export(
                                          Nbd.DEFAULT_EXPORT, iso, "archiso: ISO image " + image)));
          if (own.isPresent()) {
            return own;
          }
        }
        return all.find(name);
      }

      @Override
      public List<NbdExport> list() {
        return all.list();
      }
    };
  }

  @Override
  public Optional<NbdExport> find(String name) {
    if (name.equals(Nbd.DEFAULT_EXPORT)) {
      return resolve(archisoImage)
          .flatMap(p -> export(Nbd.DEFAULT_EXPORT, p, "archiso: " + archisoImage));
    }
    Optional<NbdExport> file = resolve(name).flatMap(p -> export(name, p, ""));
    if (file.isPresent() || !acceptable(name)) {
      return file;
    }
    if (!name.contains("/")) {
      return images.isoOf(name).flatMap(iso -> export(name, iso, "ISO image " + name));
    }
    if (images.find(name) instanceof FileLookup.Found f
        && f.file() instanceof BootFile.OnDisk inIso) {
      return Optional.of(new NbdExport(name, inIso.path(), inIso.offset(), inIso.size(), ""));
    }
    return Optional.empty();
  }

  @Override
  public List<NbdExport> list() {
    List<NbdExport> out = new ArrayList<>();
    find(Nbd.DEFAULT_EXPORT).ifPresent(out::add);
    if (!Files.isDirectory(root)) {
      return out;
    }
    try (Stream<Path> files = Files.walk(root, MAX_DEPTH)) {
      files
          .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .limit(MAX_LISTED)
          .forEach(
              name -> {
                find(name).ifPresent(out::add);
                if (!name.contains("/")) {
                  ImageRoot.imageOfIso(name).flatMap(this::find).ifPresent(out::add);
                }
              });
    } catch (IOException | UncheckedIOException e) {
      // A directory that vanished or cannot be read while walking: list what was found.
    }
    return out;
  }

  /** The real file for a client-supplied relative name, if it stays under the root. */
  private Optional<Path> resolve(String name) {
    if (!acceptable(name)) {
      return Optional.empty();
    }
    try {
      Path candidate = root.resolve(name).normalize();
      if (!candidate.startsWith(root) || !Files.isRegularFile(candidate)) {
        return Optional.empty();
      }
      Path real = candidate.toRealPath();
      if (!real.startsWith(root.toRealPath())) {
        return Optional.empty();
      }
      return Optional.of(real);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** A relative name without {@code .} or {@code ..}, empty segments, backslashes or NUL. */
  private static boolean acceptable(String name) {
    if (name.isEmpty()
        || name.startsWith("/")
        || name.indexOf('\\') >= 0
        || name.indexOf('\0') >= 0
        || name.contains("//")
        || name.endsWith("/")) {
      return false;
    }
    for (String segment : name.split("/")) {
      if (segment.equals("..") || segment.equals(".")) {
        return false;
      }
    }
    return true;
  }

  private static Optional<NbdExport> export(String name, Path file, String description) {
    try {
      return Optional.of(new NbdExport(name, file, Files.size(file), description));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
