package dev.bootkeeper.nbd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Exports every regular file under a root by its path relative to the root ({@code
 * sysresccd/x86_64/airootfs.sfs}), plus the name {@code archiso} for the configured ISO. Names that
 * leave the root ({@code ..}, absolute paths, symbolic links pointing outside) are unknown.
 */
public final class DirectoryExports implements NbdExports {

  /** LIST stops here, so a huge image tree cannot make one handshake reply unbounded. */
  static final int MAX_LISTED = 1000;

  private static final int MAX_DEPTH = 16;

  private final Path root;
  private final String archisoImage;

  /**
   * @param root the directory whose files are exported
   * @param archisoImage the path under {@code root} exported as {@code archiso}
   */
  public DirectoryExports(Path root, String archisoImage) {
    this.root = root.toAbsolutePath().normalize();
    this.archisoImage = archisoImage;
  }

  @Override
  public Optional<NbdExport> find(String name) {
    if (name.equals(Nbd.DEFAULT_EXPORT)) {
      return resolve(archisoImage)
          .flatMap(p -> export(Nbd.DEFAULT_EXPORT, p, "archiso: " + archisoImage));
    }
    return resolve(name).flatMap(p -> export(name, p, ""));
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
          .forEach(name -> find(name).ifPresent(out::add));
    } catch (IOException | UncheckedIOException e) {
      // A directory that vanished or cannot be read while walking: list what was found.
    }
    return out;
  }

  /** The real file for a client-supplied relative name, if it stays under the root. */
  private Optional<Path> resolve(String name) {
    if (name.isEmpty()
        || name.startsWith("/")
        || name.indexOf('\\') >= 0
        || name.indexOf('\0') >= 0
        || name.contains("//")
        || name.endsWith("/")) {
      return Optional.empty();
    }
    for (String segment : name.split("/")) {
      if (segment.equals("..") || segment.equals(".")) {
        return Optional.empty();
      }
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

  private static Optional<NbdExport> export(String name, Path file, String description) {
    try {
      return Optional.of(new NbdExport(name, file, Files.size(file), description));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
