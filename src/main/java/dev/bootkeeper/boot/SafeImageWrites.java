package dev.bootkeeper.boot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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

  /** What is written into the temporary file. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
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
    Path folder = confined(inside(target).getParent());
    Path file = folder.resolve(target.getFileName());
    if (Files.isSymbolicLink(file)) {
      throw new Refused(root.relativize(file) + " is a symlink; replace it with a plain file");
    }
    // An unguessable name created exclusively: a link waiting at that name makes the open fail.
    Path tmp =
        folder.resolve(
            "."
                + file.getFileName()
                + "."
                + HexFormat.of().toHexDigits(RANDOM.nextLong())
                + ".tmp");
    try {
      try (OutputStream out =
          Files.newOutputStream(
              tmp,
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE,
              LinkOption.NOFOLLOW_LINKS)) {
        content.writeTo(out);
      }
      // The same folder, so the same file system: the rename is always atomic.
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
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
