package dev.bootkeeper.boot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * Every write under the images directory goes through here. The appliance runs as root and the
 * images directory is filled by people and scripts, so a symlink planted there must never turn a
 * write into an overwrite of {@code /etc/shadow}: a file is written to a new temporary name that is
 * created exclusively and never through a link, then renamed over the target (rename replaces a
 * link rather than following it), and a target that is a link, or a folder whose real path leaves
 * the images root, is refused.
 */
public final class SafeImageWrites {

  /** A write the images directory's layout does not allow; the message says why, for people. */
  public static final class Refused extends IOException {
    Refused(String message) {
      super(message);
    }
  }

  /** The target exists and the caller did not ask to replace it. */
  public static final class Exists extends IOException {
    Exists(String message) {
      super(message);
    }
  }

  /** What is written into the temporary file. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Looks at the finished temporary file before it takes the target's place; throwing drops it, so
   * a file that fails the check is never seen under the target's name.
   */
  @FunctionalInterface
  public interface Check {
    void verify(Path written) throws IOException;
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path root;

  public SafeImageWrites(ImageRoot root) {
    this.root = root.root();
  }

  /**
   * Creates the folders {@code target} goes in. The deepest folder that exists already is checked
   * first, so a symlinked folder leading out of the root is refused before anything is created
   * beyond it.
   */
  public void createFolders(Path target) throws IOException {
    Path folder = inside(target).getParent();
    Path existing = folder;
    while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    confined(existing);
    Files.createDirectories(folder);
    confined(folder);
  }

  /**
   * Replaces {@code target} (or creates it) with what {@code content} writes, atomically: a client
   * never sees half a file.
   */
  public void replace(Path target, Content content) throws IOException {
    write(target, content, written -> {}, true);
  }

  /**
   * Writes {@code target} from {@code content} through a temporary file that {@code check} accepts
   * before it is put in place. Without {@code overwrite}, an existing target (even one that appears
   * while the content is written) is left as it is and {@link Exists} thrown.
   */
  public void write(Path target, Content content, Check check, boolean overwrite)
      throws IOException {
    Path file = plainTarget(target);
    Path tmp = temporary(file);
    try {
      try (OutputStream out =
          Files.newOutputStream(
              tmp,
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE,
              LinkOption.NOFOLLOW_LINKS)) {
        content.writeTo(out);
      }
      check.verify(tmp);
      install(tmp, file, overwrite);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Puts the existing file {@code source} (outside the images directory, on the same file system)
   * at {@code target} without copying its bytes: a hard link, or a rename when {@code move}. A
   * symbolic link would not do: the images directory never serves a link that leaves it. The source
   * is checked by {@code check} once it is linked, so the bytes checked are the bytes served.
   */
  public void adopt(Path source, Path target, boolean move, Check check, boolean overwrite)
      throws IOException {
    Path file = plainTarget(target);
    Path tmp = temporary(file);
    try {
      if (move) {
        Files.move(source, tmp, StandardCopyOption.ATOMIC_MOVE);
      } else {
        Files.createLink(tmp, source);
      }
    } catch (AtomicMoveNotSupportedException | UnsupportedOperationException e) {
      throw otherFileSystem(source);
    } catch (FileSystemException e) {
      // EXDEV: link(2) and rename(2) work within one file system only.
      if (e.getReason() != null
          && e.getReason().toLowerCase(Locale.ROOT).contains("cross-device")) {
        throw otherFileSystem(source);
      }
      throw e;
    }
    boolean placed = false;
    try {
      check.verify(tmp);
      install(tmp, file, overwrite);
      placed = true;
    } finally {
      if (move && !placed) {
        // The import failed: the admin's file goes back where it was.
        Files.move(tmp, source, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.deleteIfExists(tmp);
    }
  }

  private Refused otherFileSystem(Path source) {
    return new Refused(
        LogText.of(source.toString())
            + " is on another file system than the images directory; copy it instead");
  }

  /** The target's path, in a folder confined to the root, and not a symlink. */
  private Path plainTarget(Path target) throws IOException {
    Path folder = confined(inside(target).getParent());
    Path file = folder.resolve(target.getFileName());
    if (Files.isSymbolicLink(file)) {
      throw new Refused(root.relativize(file) + " is a symlink; replace it with a plain file");
    }
    return file;
  }

  /**
   * An unguessable hidden name beside the target, never created here: the caller creates it
   * exclusively, so a link waiting at that name makes the creation fail.
   */
  private static Path temporary(Path file) {
    return file.resolveSibling(
        "." + file.getFileName() + "." + HexFormat.of().toHexDigits(RANDOM.nextLong()) + ".tmp");
  }

  /**
   * Gives the temporary file the target's name. Both are in one folder, so on one file system: the
   * rename is atomic. Without {@code overwrite} a hard link takes the name instead, because link(2)
   * fails when the name exists, where a rename would silently replace it.
   */
  private void install(Path tmp, Path file, boolean overwrite) throws IOException {
    if (overwrite) {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      return;
    }
    try {
      Files.createLink(file, tmp);
    } catch (FileAlreadyExistsException e) {
      throw new Exists(root.relativize(file) + " exists already");
    } catch (UnsupportedOperationException e) {
      // A file system without hard links: a check then a rename, with a short race.
      if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new Exists(root.relativize(file) + " exists already");
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /** Writes a short text file, as {@link #replace}. */
  public void replace(Path target, String text) throws IOException {
    replace(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The first {@code max} bytes of a small file under the root as text, or empty when it is not a
   * plain file; a symlink is never read, so its target cannot leak into a log or a page.
   */
  public Optional<String> readSmall(Path file, int max) throws IOException {
    inside(file);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.of(new String(in.readNBytes(max), StandardCharsets.UTF_8));
    }
  }

  /**
   * Deletes a file, a link or a folder with everything in it. Links met on the way are removed
   * themselves, never followed: deleting an image must not reach what a link in it points to.
   */
  public void delete(Path target) throws IOException {
    Path p = inside(target);
    confined(p.getParent());
    if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      Files.delete(p);
      return;
    }
    // Without FOLLOW_LINKS the walk reports a link as a file and never enters it.
    Files.walkFileTree(
        p,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /**
   * Renames a file, link or folder within its folder. The new name must be free: nothing is ever
   * replaced by a rename, and a link is renamed itself, not what it points to.
   */
  public void rename(Path from, Path to) throws IOException {
    Path source = inside(from);
    Path target = inside(to);
    confined(source.getParent());
    confined(target.getParent());
    if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
      throw new Refused(root.relativize(source) + " does not exist");
    }
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new Refused(root.relativize(target) + " exists already");
    }
    Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The target, lexically under the root (and not the root itself). */
  private Path inside(Path target) throws Refused {
    Path p = target.toAbsolutePath().normalize();
    if (!p.startsWith(root) || p.equals(root)) {
      throw new Refused(LogText.of(target.toString()) + " is not under the images directory");
    }
    return p;
  }

  /** The folder, when its real path (links resolved) stays under the root's real path. */
  private Path confined(Path folder) throws IOException {
    if (!folder.toRealPath().startsWith(root.toRealPath())) {
      throw new Refused(root.relativize(folder) + " leads out of the images directory");
    }
    return folder;
  }
}
