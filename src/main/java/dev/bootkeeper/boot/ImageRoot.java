package dev.bootkeeper.boot;

import dev.bootkeeper.iso.IsoCache;
import dev.bootkeeper.iso.IsoException;
import dev.bootkeeper.iso.IsoLookup;
import dev.bootkeeper.iso.IsoTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The boot-image root and the one place that turns a path a client sent into a file under it. TFTP,
 * HTTP and NBD all go through here, so a traversal refused by one is refused by all.
 *
 * <p>A leading {@code /} is taken as relative to the root (GRUB and many PXE ROMs send {@code
 * /grub/…}), as tftpd-hpa does with {@code -s}. {@code .} and {@code ..} segments are resolved
 * lexically, and a path that climbs above the root is refused. Backslashes, NUL and other control
 * characters are refused outright: they are never part of a legitimate boot path and are the
 * classic ingredients of traversal tricks. Symlinks are followed only when their target stays under
 * the root. Files inside an ISO are confined twice: the path by these rules, and the ISO's own
 * symlinks by {@link IsoTree#find}, which never leaves the ISO.
 */
public final class ImageRoot {

  /** Longest path accepted: pxelinux and PXE ROMs cannot send more than 127 characters anyway. */
  static final int MAX_PATH = 1024;

  /** An ISO file in the images directory is the image named without this suffix. */
  public static final String ISO_SUFFIX = ".iso";

  private final Path root;
  private volatile Path realRoot;

  public ImageRoot(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  /** A normalised relative path ({@code a/b/c}, possibly empty for the root), or why not. */
  public sealed interface Normalised {
    record Ok(String path) implements Normalised {}

    record Bad(String reason) implements Normalised {}
  }

  public static Normalised normalise(String requested) {
    if (requested == null || requested.isEmpty()) {
      return new Normalised.Bad("empty path");
    }
    if (requested.length() > MAX_PATH) {
      return new Normalised.Bad("path longer than " + MAX_PATH + " characters");
    }
    for (int i = 0; i < requested.length(); i++) {
      char c = requested.charAt(i);
      if (c == '\\') {
        return new Normalised.Bad("backslash in path");
      }
      if (c < 0x20 || c == 0x7f) {
        return new Normalised.Bad(c == 0 ? "NUL byte in path" : "control character in path");
      }
    }
    Deque<String> parts = new ArrayDeque<>();
    for (String segment : requested.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (parts.isEmpty()) {
          return new Normalised.Bad("path climbs above the image root");
        }
        parts.removeLast();
      } else {
        parts.addLast(segment);
      }
    }
    return new Normalised.Ok(String.join("/", parts));
  }

  /**
   * Looks a normalised path up on disk. Regular files only; directories and files reached through a
   * symlink that leaves the root are not served. A path whose first folder does not exist but names
   * an ISO ({@code name/…} beside {@code name.iso}) is looked up inside the ISO, read in place.
   */
  public FileLookup find(String normalised) {
    return findOnDisk(normalised).orElseGet(() -> insideIso(normalised));
  }

  /**
   * {@link #find} when the answer needs no more than a few {@code stat} calls: empty when the path
   * names a file inside an ISO, whose directory may have to be read from the ISO first. For an
   * event loop, which opens the file it sends anyway.
   */
  public Optional<FileLookup> findWithoutReading(String normalised) {
    Optional<FileLookup> onDisk = findOnDisk(normalised);
    if (onDisk.isPresent()) {
      return onDisk;
    }
    int slash = normalised.indexOf('/');
    if (slash < 0 || isoOf(normalised.substring(0, slash)).isEmpty()) {
      return Optional.of(new FileLookup.Missing(normalised));
    }
    return Optional.empty();
  }

  /** The file at the path itself, or empty when there is none (it may then be inside an ISO). */
  private Optional<FileLookup> findOnDisk(String normalised) {
    if (normalised.isEmpty()) {
      return Optional.of(new FileLookup.Missing(normalised));
    }
    Path candidate = root.resolve(normalised);
    if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try {
      Path real = candidate.toRealPath();
      if (!real.startsWith(realRoot())) {
        return Optional.of(
            new FileLookup.Refused(normalised, "symlink leads out of the image root"));
      }
      BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
      if (!a.isRegularFile()) {
        return Optional.of(new FileLookup.Missing(normalised));
      }
      return Optional.of(new FileLookup.Found(new BootFile.OnDisk(normalised, real, a.size())));
    } catch (IOException e) {
      return Optional.of(new FileLookup.Missing(normalised));
    }
  }

  /**
   * The root with its links resolved, kept once known: it is compared with every file served. A
   * root that cannot be resolved (not there yet) is tried again on the next look-up.
   */
  private Path realRoot() throws IOException {
    Path r = realRoot;
    if (r == null) {
      r = root.toRealPath();
      realRoot = r;
    }
    return r;
  }

  /**
   * The ISO an image name stands for: {@code name.iso} directly under the root, a regular file that
   * stays under the root. Empty when there is none, or when a folder of that name exists (then the
   * folder is the image).
   */
  public Optional<Path> isoOf(String image) {
    if (image.isEmpty() || image.contains("/") || image.startsWith(".")) {
      return Optional.empty();
    }
    if (Files.exists(root.resolve(image), LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    if (find(image + ISO_SUFFIX) instanceof FileLookup.Found f
        && f.file() instanceof BootFile.OnDisk disk) {
      return Optional.of(disk.path());
    }
    return Optional.empty();
  }

  /**
   * The image named after an ISO file's name ({@code sysrescue.iso} is the image {@code
   * sysrescue}).
   */
  public static Optional<String> imageOfIso(String fileName) {
    return fileName.endsWith(ISO_SUFFIX) && fileName.length() > ISO_SUFFIX.length()
        ? Optional.of(fileName.substring(0, fileName.length() - ISO_SUFFIX.length()))
        : Optional.empty();
  }

  private FileLookup insideIso(String normalised) {
    int slash = normalised.indexOf('/');
    if (slash < 0) {
      return new FileLookup.Missing(normalised);
    }
    Optional<Path> iso = isoOf(normalised.substring(0, slash));
    if (iso.isEmpty()) {
      return new FileLookup.Missing(normalised);
    }
    IsoTree tree;
    try {
      tree = IsoCache.shared().tree(iso.get());
    } catch (IsoException e) {
      return new FileLookup.Refused(normalised, "the ISO is not served: " + e.getMessage());
    }
    IsoLookup found = tree.find(normalised.substring(slash + 1));
    if (found instanceof IsoLookup.Found f) {
      return new FileLookup.Found(
          new BootFile.OnDisk(normalised, iso.get(), f.file().offset(), f.file().length()));
    }
    if (found instanceof IsoLookup.Refused r) {
      return new FileLookup.Refused(normalised, r.reason());
    }
    return new FileLookup.Missing(normalised);
  }

  /** Normalises then finds: the whole journey of a client's path. */
  public FileLookup lookup(String requested) {
    Normalised n = normalise(requested);
    if (n instanceof Normalised.Ok ok) {
      return find(ok.path());
    }
    return new FileLookup.Refused(requested, ((Normalised.Bad) n).reason());
  }
}
