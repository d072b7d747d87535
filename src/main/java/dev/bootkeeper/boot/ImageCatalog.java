package dev.bootkeeper.boot;

import dev.bootkeeper.store.Image;
import dev.bootkeeper.store.ImageFile;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Keeps the store's list of images in step with the images directory: each top-level folder (or
 * file) is an image, except the boot loaders and the appliance's own files ({@link
 * Bootloaders#notImages}); each file's SHA-256 and SHA-512 are computed once and kept until its
 * size or modification time changes, because hashing a multi-gigabyte ISO on every scan would take
 * minutes.
 */
@ApplicationScoped
public class ImageCatalog {

  private static final Logger LOG = Logger.getLogger(ImageCatalog.class);

  /** What one scan did. */
  public record ScanResult(int images, int files, int hashed, int removed) {}

  private record FileFacts(String path, long size, OffsetDateTime modified) {}

  private record Hashes(String sha256, String sha512) {}

  private final ImageRoot root;
  private final ReentrantLock scanning = new ReentrantLock();

  public ImageCatalog(BootService boot) {
    this.root = boot.imageRoot();
  }

  /** Scans the whole images directory. Hashing happens outside any transaction. */
  public ScanResult rescan() {
    scanning.lock();
    try {
      Map<String, List<FileFacts>> onDisk = listImages();
      Map<String, Map<String, ImageFile>> known = knownFiles();
      Map<String, Hashes> hashes = new HashMap<>();
      int fileCount = 0;
      for (Map.Entry<String, List<FileFacts>> image : onDisk.entrySet()) {
        Map<String, ImageFile> before = known.getOrDefault(image.getKey(), Map.of());
        for (Iterator<FileFacts> files = image.getValue().iterator(); files.hasNext(); ) {
          FileFacts f = files.next();
          ImageFile old = before.get(f.path());
          if (old == null || old.size != f.size() || !old.modifiedAt.isEqual(f.modified())) {
            try {
              hashes.put(f.path(), hash(root.root().resolve(f.path())));
            } catch (UncheckedIOException e) {
              // One unreadable file must not end the scan of every image after it.
              LOG.warnf(
                  "images directory: skipping %s (%s)",
                  LogText.of(f.path()), LogText.of(e.getCause().toString()));
              files.remove();
              continue;
            }
          }
          fileCount++;
        }
      }
      int removed = QuarkusTransaction.requiringNew().call(() -> store(onDisk, hashes));
      return new ScanResult(onDisk.size(), fileCount, hashes.size(), removed);
    } finally {
      scanning.unlock();
    }
  }

  private Map<String, List<FileFacts>> listImages() {
    Map<String, List<FileFacts>> images = new HashMap<>();
    Path base = root.root();
    if (!Files.isDirectory(base)) {
      return images;
    }
    Set<String> notImages = Bootloaders.notImages(root);
    for (Path p : ImageScan.files(base)) {
      String rel = base.relativize(p).toString().replace('\\', '/');
      if (root.find(rel) instanceof FileLookup.Found) {
        String image = rel.contains("/") ? rel.substring(0, rel.indexOf('/')) : rel;
        if (!image.startsWith(".") && !notImages.contains(image)) {
          facts(p, rel)
              .ifPresent(f -> images.computeIfAbsent(image, k -> new ArrayList<>()).add(f));
        }
      }
    }
    return images;
  }

  /** Empty, with a warning, when the file went away or cannot be read since it was listed. */
  private static Optional<FileFacts> facts(Path p, String rel) {
    try {
      // Millisecond precision: what every store keeps, so an unchanged file compares equal.
      Instant mtime = Files.getLastModifiedTime(p).toInstant().truncatedTo(ChronoUnit.MILLIS);
      return Optional.of(new FileFacts(rel, Files.size(p), mtime.atOffset(ZoneOffset.UTC)));
    } catch (IOException e) {
      LOG.warnf("images directory: skipping %s (%s)", LogText.of(rel), LogText.of(e.toString()));
      return Optional.empty();
    }
  }

  private static Map<String, Map<String, ImageFile>> knownFiles() {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              Map<String, Map<String, ImageFile>> m = new HashMap<>();
              for (Image image : Image.<Image>listAll()) {
                Map<String, ImageFile> files = new HashMap<>();
                image.files.forEach(f -> files.put(f.path, f));
                m.put(image.name, files);
              }
              return m;
            });
  }

  private static int store(Map<String, List<FileFacts>> onDisk, Map<String, Hashes> hashes) {
    int removed = 0;
    for (Image gone : Image.<Image>listAll()) {
      if (!onDisk.containsKey(gone.name)) {
        gone.delete();
        removed++;
      }
    }
    OffsetDateTime now = OffsetDateTime.now();
    for (Map.Entry<String, List<FileFacts>> e : onDisk.entrySet()) {
      Image image = Image.byName(e.getKey()).orElse(null);
      if (image == null) {
        image = new Image();
        image.name = e.getKey();
        image.persist();
      }
      image.scannedAt = now;
      Map<String, ImageFile> existing = new HashMap<>();
      image.files.forEach(f -> existing.put(f.path, f));
      List<String> present = new ArrayList<>();
      for (FileFacts f : e.getValue()) {
        present.add(f.path());
        ImageFile file = existing.get(f.path());
        if (file == null) {
          file = new ImageFile();
          file.image = image;
          file.path = f.path();
          image.files.add(file);
        }
        Hashes h = hashes.get(f.path());
        if (h != null) {
          file.size = f.size();
          file.modifiedAt = f.modified();
          file.sha256 = h.sha256();
          file.sha512 = h.sha512();
        }
      }
      image.files.removeIf(f -> !present.contains(f.path));
    }
    return removed;
  }

  /** SHA-256 and SHA-512 in one pass over the file. */
  static Hashes hash(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        sha256.update(buf, 0, n);
        sha512.update(buf, 0, n);
      }
      HexFormat hex = HexFormat.of();
      return new Hashes(hex.formatHex(sha256.digest()), hex.formatHex(sha512.digest()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
