package dev.bootkeeper.boot;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Writes the checksum files that stage-3 root filesystems are fetched with, next to the image, so
 * TFTP, HTTP and an NFS export all see them:
 *
 * <ul>
 *   <li>{@code airootfs.sha512} beside {@code airootfs.sfs} (or {@code airootfs.erofs}): the
 *       archiso hook's {@code checksum} option runs {@code sha512sum -c airootfs.sha512} in that
 *       directory and drops to a shell when it is missing or wrong;
 *   <li>{@code sysrcd.md5} beside {@code sysrcd.dat}, as SystemRescueCd 1.x-5.x shipped it.
 * </ul>
 *
 * Each line is {@code <hex digest> <file name>\n}, the format {@code sha512sum -c} and {@code
 * md5sum -c} read. A checksum file newer than its image is left alone; hashing a root filesystem
 * takes seconds per gigabyte, so this runs in the background at startup and after an image rescan.
 */
@ApplicationScoped
public class Stage3Checksums {

  private static final Logger LOG = Logger.getLogger(Stage3Checksums.class);

  /** A checksum file is one line; more is not read, whatever is there. */
  static final int OLD_READ_MAX = 4096;

  /** An image file and the checksum file that belongs beside it. */
  enum Kind {
    ARCHISO_SFS("airootfs.sfs", "airootfs.sha512", "SHA-512"),
    ARCHISO_EROFS("airootfs.erofs", "airootfs.sha512", "SHA-512"),
    SYSRCD("sysrcd.dat", "sysrcd.md5", "MD5");

    final String image;
    final String checksum;
    final String algorithm;

    Kind(String image, String checksum, String algorithm) {
      this.image = image;
      this.checksum = checksum;
      this.algorithm = algorithm;
    }

    static Optional<Kind> of(Path file) {
      String name = file.getFileName().toString();
      for (Kind k : values()) {
        if (k.image.equals(name)) {
          return Optional.of(k);
        }
      }
      return Optional.empty();
    }
  }

  /** What one pass did; {@code failed} lists each file that could not be done, with why. */
  public record Result(int written, int upToDate, List<String> failed) {}

  private final ImageRoot root;
  private final SafeImageWrites writes;
  private final boolean atStartup;
  private final ReentrantLock running = new ReentrantLock();
  private final ExecutorService background =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "stage3-checksums");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param enabled {@code bootkeeper.http.stage3-checksums}: the files are what HTTP boots fetch
   *     with archiso's {@code checksum} option, so the switch keeps its place among the HTTP keys
   */
  @Inject
  public Stage3Checksums(
      BootService boot,
      @ConfigProperty(name = "bootkeeper.http.stage3-checksums", defaultValue = "true")
          boolean enabled) {
    this(boot.imageRoot(), enabled);
  }

  Stage3Checksums(ImageRoot root, boolean atStartup) {
    this.root = root;
    this.writes = new SafeImageWrites(root);
    this.atStartup = atStartup;
  }

  void onStart(@Observes StartupEvent ev) {
    if (atStartup) {
      inBackground();
    }
  }

  void onStop(@Observes ShutdownEvent ev) {
    background.shutdownNow();
  }

  /** Starts a pass on the background thread, e.g. after {@code ImageCatalog.rescan()}. */
  public CompletableFuture<Result> inBackground() {
    return CompletableFuture.supplyAsync(this::generate, background)
        .whenComplete(
            (r, e) -> {
              if (e != null) {
                LOG.warnf(e, "checksum files for root filesystems: pass failed");
              }
            });
  }

  /** One pass over the images directory, in the caller's thread. */
  public Result generate() {
    running.lock();
    try {
      int written = 0;
      int upToDate = 0;
      List<String> failed = new ArrayList<>();
      for (Path image : candidates()) {
        Kind kind = Kind.of(image).orElseThrow();
        Path sum = image.resolveSibling(kind.checksum);
        String rel = root.root().relativize(image).toString();
        try {
          if (upToDate(image, sum)) {
            upToDate++;
            continue;
          }
          write(image, sum, kind);
          written++;
        } catch (IOException | UncheckedIOException e) {
          String why = e instanceof UncheckedIOException u ? u.getCause().toString() : e.toString();
          failed.add(rel + ": " + why);
          LOG.warnf(
              "could not write %s for %s: %s (make the folder writable, or put the file there)",
              kind.checksum, LogText.of(rel), LogText.of(why));
        }
      }
      if (written > 0 || !failed.isEmpty()) {
        LOG.infof(
            "checksum files for root filesystems: %d written, %d up to date, %d failed",
            written, upToDate, failed.size());
      }
      return new Result(written, upToDate, List.copyOf(failed));
    } finally {
      running.unlock();
    }
  }

  /** Image files under the root, only those the boot tree would serve (no escaping symlinks). */
  private List<Path> candidates() {
    Path base = root.root();
    return ImageScan.files(base).stream()
        .filter(p -> Kind.of(p).isPresent())
        .filter(p -> root.find(base.relativize(p).toString()) instanceof FileLookup.Found)
        .toList();
  }

  /** A symlinked checksum file is never up to date: it is refused when written, never trusted. */
  static boolean upToDate(Path image, Path sum) throws IOException {
    if (!Files.isRegularFile(sum, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    FileTime imageTime = Files.getLastModifiedTime(image);
    return Files.getLastModifiedTime(sum).compareTo(imageTime) > 0;
  }

  private void write(Path image, Path sum, Kind kind) throws IOException {
    FileTime before = Files.getLastModifiedTime(image);
    String line = digest(image, kind.algorithm) + "  " + kind.image + "\n";
    if (!Files.getLastModifiedTime(image).equals(before)) {
      throw new IOException(kind.image + " changed while it was being hashed; next pass retries");
    }
    Optional<String> old = writes.readSmall(sum, OLD_READ_MAX);
    if (old.isPresent() && !old.get().equals(line)) {
      LOG.warnf(
          "replacing %s: it did not match %s (old first line: %s)",
          LogText.of(sum.toString()),
          kind.image,
          LogText.of(old.get().lines().findFirst().orElse("")));
    }
    // Written aside then renamed, so a client never downloads half a checksum file.
    writes.replace(sum, line);
    // Strictly newer than the image even on file systems with coarse timestamps.
    if (Files.getLastModifiedTime(sum).compareTo(before) <= 0) {
      Files.setLastModifiedTime(sum, FileTime.fromMillis(before.toMillis() + 1000));
    }
    LOG.infof("wrote %s", LogText.of(sum.toString()));
  }

  static String digest(Path file, String algorithm) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance(algorithm);
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
