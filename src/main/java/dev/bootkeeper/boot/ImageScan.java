package dev.bootkeeper.boot;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Lists the regular files of the images directory for the catalog and the checksum job. Symlinked
 * folders are followed while they stay under the root, as the boot tree serves them; one that leads
 * out is not entered, and a loop or an entry that cannot be read is skipped with one warning, so a
 * single bad link never hides the images listed after it.
 */
final class ImageScan {

  private static final Logger LOG = Logger.getLogger(ImageScan.class);

  static final int MAX_DEPTH = 16;

  private ImageScan() {}

  /** The regular files under {@code root}, by their path through the root (links unresolved). */
  static List<Path> files(Path root) {
    List<Path> found = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return found;
    }
    try {
      Path realRoot = root.toRealPath();
      Files.walkFileTree(
          root,
          EnumSet.of(FileVisitOption.FOLLOW_LINKS),
          MAX_DEPTH,
          new Visitor(root, realRoot, found));
    } catch (IOException e) {
      skipped(root, root, e);
    }
    return found;
  }

  private static final class Visitor extends SimpleFileVisitor<Path> {
    private final Path root;
    private final Path realRoot;
    private final List<Path> found;

    Visitor(Path root, Path realRoot, List<Path> found) {
      this.root = root;
      this.realRoot = realRoot;
      this.found = found;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
      try {
        // Not entered at all: a link to / would otherwise walk the whole machine.
        return dir.toRealPath().startsWith(realRoot)
            ? FileVisitResult.CONTINUE
            : FileVisitResult.SKIP_SUBTREE;
      } catch (IOException e) {
        // Thrown from here it would end the whole walk.
        skipped(root, dir, e);
        return FileVisitResult.SKIP_SUBTREE;
      }
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
      if (attrs.isRegularFile()) {
        found.add(file);
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) {
      skipped(root, file, e);
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult postVisitDirectory(Path dir, IOException e) {
      if (e != null) {
        skipped(root, dir, e);
      }
      return FileVisitResult.CONTINUE;
    }
  }

  private static void skipped(Path root, Path path, IOException e) {
    String why =
        e instanceof FileSystemLoopException ? "symlink loop" : e.getClass().getSimpleName();
    String rel = path.equals(root) ? path.toString() : root.relativize(path).toString();
    LOG.warnf(
        "images directory: skipping %s (%s: %s)",
        LogText.of(rel), why, LogText.of(String.valueOf(e.getMessage())));
  }
}
