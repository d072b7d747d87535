package dev.bootkeeper.inventory;

import dev.bootkeeper.boot.BootService;
import dev.bootkeeper.boot.Bootloaders;
import dev.bootkeeper.boot.ImageCatalog;
import dev.bootkeeper.boot.ImageRoot;
import dev.bootkeeper.boot.IsoChecksum;
import dev.bootkeeper.boot.LogText;
import dev.bootkeeper.boot.SafeImageWrites;
import dev.bootkeeper.iso.IsoException;
import dev.bootkeeper.iso.IsoReader;
import dev.bootkeeper.iso.IsoSource;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Imports an ISO into the images directory as {@code <name>.iso}: from an upload streamed to disk,
 * or from a file already on the appliance (copied, hard-linked or moved). Whatever the source, the
 * file is written under a hidden temporary name, read as an ISO 9660 image, and only then given its
 * name ({@link SafeImageWrites}), so a machine never sees half an ISO and a file that is not an ISO
 * never becomes one. The catalog then hashes it and checks it against its published checksum.
 */
@ApplicationScoped
public class IsoImports {

  private static final Logger LOG = Logger.getLogger(IsoImports.class);

  /**
   * Image names: what a URL path segment, a TFTP path and an NBD export name all carry without
   * quoting; a leading dot would hide the image.
   */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,99}");

  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");

  /** Why an import was refused; the API turns each into its HTTP status. */
  public enum Refusal {
    INVALID,
    NOT_FOUND,
    FORBIDDEN,
    EXISTS,
    TOO_LARGE,
    NO_SPACE
  }

  /** An import refused, with a message a person can act on; nothing of it is left on disk. */
  public static final class Refused extends RuntimeException {
    private final Refusal why;

    Refused(Refusal why, String message) {
      super(message);
      this.why = why;
    }

    public Refusal why() {
      return why;
    }
  }

  /** How a file already on the appliance enters the images directory. */
  public enum Mode {
    /** Its bytes are copied: the source stays as it is. */
    COPY,
    /**
     * A hard link to the same file: no bytes copied; the source folder must be on the same file
     * system.
     */
    LINK,
    /** Renamed into the images directory: the same file system only. */
    MOVE
  }

  /** The checksums published for an uploaded ISO, each optional, in hex. */
  public record Published(String sha256, String sha512) {}

  /** The image made: its name and its file under the images directory. */
  public record Imported(String image, String file, long size) {}

  private final ImageRoot root;
  private final ImageCatalog catalog;
  private final ImportConfig config;

  private final AuditLog audit;

  public IsoImports(BootService boot, ImageCatalog catalog, ImportConfig config, AuditLog audit) {
    this.root = boot.imageRoot();
    this.catalog = catalog;
    this.config = config;
    this.audit = audit;
  }

  /**
   * Streams an upload to disk as the image {@code name}.
   *
   * @param declared the request's Content-Length, when it has one: refused at once when too large
   */
  public Imported upload(
      String name, boolean replace, Long declared, InputStream body, Published published) {
    String image = imageName(name);
    checkHex("sha256", published.sha256(), 64);
    checkHex("sha512", published.sha512(), 128);
    Path dest = destination(image, replace);
    long max = maxUpload();
    if (declared != null && declared > max) {
      throw tooLarge(max);
    }
    if (declared != null) {
      checkSpace(declared);
    }
    Limited limited = new Limited(body, max);
    place(dest, writes -> writes.write(dest, limited::copyTo, IsoImports::readableIso, replace));
    List<Sidecar> sidecars = new ArrayList<>();
    if (published.sha512() != null) {
      sidecars.add(new Sidecar("sha512", published.sha512()));
    }
    if (published.sha256() != null) {
      sidecars.add(new Sidecar("sha256", published.sha256()));
    }
    return audited(finish(image, dest, sidecars), replace, "uploaded");
  }

  /**
   * Imports the ISO at {@code path} on the appliance, which must be under one of the configured
   * import directories ({@link ImportConfig#directories}). Checksum files published beside it
   * ({@code <file>.sha512}, {@code <file>.sha256}) come along, so the ISO is verified at import.
   *
   * @param name the image name; by default the file's name without {@code .iso}
   */
  public Imported fromPath(String path, String name, Mode mode, boolean replace) {
    Path source = confinedSource(path);
    String file = source.getFileName().toString();
    String image = imageName(name == null || name.isBlank() ? withoutIsoSuffix(file) : name);
    Path dest = destination(image, replace);
    readableIso(source);
    if (mode == Mode.COPY) {
      checkSpace(size(source));
      place(
          dest,
          writes ->
              writes.write(dest, out -> Files.copy(source, out), IsoImports::readableIso, replace));
    } else {
      place(
          dest,
          writes ->
              writes.adopt(source, dest, mode == Mode.MOVE, IsoImports::readableIso, replace));
    }
    List<Sidecar> sidecars = new ArrayList<>();
    for (Path sidecar : IsoChecksum.sidecars(source)) {
      publishedBeside(sidecar, file).ifPresent(sidecars::add);
    }
    return audited(
        finish(image, dest, sidecars),
        replace,
        mode.name().toLowerCase(java.util.Locale.ROOT) + " of " + source);
  }

  /** Files are not part of a transaction: the entry follows the import that succeeded. */
  private Imported audited(Imported done, boolean replace, String how) {
    audit.recordAlone(
        replace ? "replace" : "import",
        AuditLog.IMAGE,
        done.image(),
        how + ", " + done.size() + " bytes as " + done.file());
    return done;
  }

  /** The largest upload that can work: this limit, or Quarkus' request limit when lower. */
  public long maxUpload() {
    long own = config.maxSize().asLongValue();
    return ConfigProvider.getConfig()
        .getOptionalValue("quarkus.http.limits.max-body-size", MemorySize.class)
        .map(m -> Math.min(own, m.asLongValue()))
        .orElse(own);
  }

  private record Sidecar(String algorithm, String hex) {}

  @FunctionalInterface
  private interface Placement {
    void run(SafeImageWrites writes) throws IOException;
  }

  private void place(Path dest, Placement placement) {
    SafeImageWrites writes = new SafeImageWrites(root);
    try {
      placement.run(writes);
    } catch (SafeImageWrites.Exists e) {
      throw exists(dest);
    } catch (SafeImageWrites.Refused e) {
      throw new Refused(Refusal.INVALID, "not imported: " + e.getMessage());
    } catch (TooLarge e) {
      throw tooLarge(e.max);
    } catch (IOException e) {
      if (String.valueOf(e.getMessage()).contains("No space left")) {
        throw new Refused(Refusal.NO_SPACE, "not imported: the images directory is full");
      }
      throw new Refused(Refusal.INVALID, "not imported: " + LogText.of(String.valueOf(e)));
    }
  }

  /**
   * Writes the ISO's checksum files, in {@code sha512sum} format under the ISO's new name. The
   * import brings the ISO's checksums, so a checksum file it does not bring is an older ISO's and
   * is removed (else it would be checked first and always mismatch).
   */
  private Imported finish(String image, Path dest, List<Sidecar> sidecars) {
    SafeImageWrites writes = new SafeImageWrites(root);
    String file = dest.getFileName().toString();
    try {
      if (!sidecars.isEmpty()) {
        for (String algorithm : List.of("sha512", "sha256")) {
          Path sidecar = dest.resolveSibling(file + "." + algorithm);
          Optional<Sidecar> brought =
              sidecars.stream().filter(s -> s.algorithm().equals(algorithm)).findFirst();
          if (brought.isPresent()) {
            writes.replace(sidecar, brought.get().hex() + "  " + file + "\n");
          } else {
            Files.deleteIfExists(sidecar);
          }
        }
      }
    } catch (IOException e) {
      throw new Refused(
          Refusal.INVALID,
          "the ISO was imported, but its checksum file was not written: " + e.getMessage());
    }
    long size = size(dest);
    LOG.infof("imported the ISO %s (%d bytes)", LogText.of(file), size);
    catalog.rescan();
    return new Imported(image, file, size);
  }

  /** The checksum a file published beside the source gives for it, if it is one. */
  private Optional<Sidecar> publishedBeside(Path sidecar, String isoName) {
    if (!Files.isRegularFile(sidecar, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    String name = sidecar.getFileName().toString();
    try {
      return IsoChecksum.published(sidecar, isoName)
          .map(hex -> new Sidecar(name.substring(name.lastIndexOf('.') + 1), hex));
    } catch (IOException e) {
      LOG.warnf("import: %s is not a checksum file (%s)", LogText.of(name), e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * The source's real path (links resolved), when it lies in an import directory. The check is on
   * the real path, so neither a symlink in an import directory nor {@code ..} reaches out of it.
   */
  private Path confinedSource(String path) {
    List<String> dirs = config.directories().orElse(List.of());
    if (dirs.isEmpty()) {
      throw new Refused(
          Refusal.FORBIDDEN,
          "importing a file on the appliance is off: list the folders it may read in"
              + " bootkeeper.import.directories");
    }
    if (path == null || path.isBlank()) {
      throw new Refused(Refusal.INVALID, "give the ISO's path on the appliance");
    }
    Path asked;
    try {
      asked = Path.of(path);
    } catch (java.nio.file.InvalidPathException e) {
      throw new Refused(Refusal.INVALID, "not a path: " + LogText.of(path));
    }
    if (!asked.isAbsolute()) {
      throw new Refused(Refusal.INVALID, "give an absolute path, not " + LogText.of(path));
    }
    Path real;
    try {
      real = asked.toRealPath();
    } catch (NoSuchFileException e) {
      throw new Refused(Refusal.NOT_FOUND, "no file at " + LogText.of(path));
    } catch (IOException e) {
      throw new Refused(Refusal.INVALID, "cannot read " + LogText.of(path));
    }
    boolean allowed = false;
    for (String dir : dirs) {
      try {
        allowed |= real.startsWith(Path.of(dir).toRealPath());
      } catch (IOException e) {
        // An import directory that does not exist (yet) allows nothing.
      }
    }
    if (!allowed) {
      throw new Refused(
          Refusal.FORBIDDEN,
          LogText.of(path) + " is not in an import directory (" + String.join(", ", dirs) + ")");
    }
    if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
      throw new Refused(Refusal.INVALID, LogText.of(path) + " is not a plain file");
    }
    return real;
  }

  /**
   * The image's name: given with or without {@code .iso}; refused when it could not be served as an
   * image, or when a folder or a boot loader of that name exists (it would hide the ISO).
   */
  private String imageName(String name) {
    if (name == null || name.isBlank()) {
      throw new Refused(Refusal.INVALID, "give the image a name (?name=…)");
    }
    String image = withoutIsoSuffix(name.strip());
    if (!NAME.matcher(image).matches()) {
      throw new Refused(
          Refusal.INVALID,
          "'"
              + LogText.of(image)
              + "' is not an image name: letters, digits, '.', '_', '+' and '-', starting with a"
              + " letter or digit, at most 100");
    }
    if (Bootloaders.notImages(root).contains(image)) {
      throw new Refused(Refusal.EXISTS, "'" + image + "' is the name of a boot loader file");
    }
    if (Files.exists(root.root().resolve(image), LinkOption.NOFOLLOW_LINKS)) {
      throw new Refused(
          Refusal.EXISTS,
          "a folder or file named '"
              + image
              + "' is in the images directory and would hide the ISO");
    }
    return image;
  }

  private Path destination(String image, boolean replace) {
    Path dest = root.root().resolve(image + ImageRoot.ISO_SUFFIX);
    if (!replace && Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
      throw exists(dest);
    }
    return dest;
  }

  private static String withoutIsoSuffix(String name) {
    return name.toLowerCase(Locale.ROOT).endsWith(ImageRoot.ISO_SUFFIX)
        ? name.substring(0, name.length() - ImageRoot.ISO_SUFFIX.length())
        : name;
  }

  private static void checkHex(String what, String hex, int length) {
    if (hex != null && (hex.length() != length || !HEX.matcher(hex).matches())) {
      throw new Refused(Refusal.INVALID, what + " must be " + length + " hexadecimal digits");
    }
  }

  private void checkSpace(long needed) {
    try {
      long free = Files.getFileStore(root.root()).getUsableSpace();
      if (needed > free) {
        throw new Refused(
            Refusal.NO_SPACE,
            "the images directory has " + free + " bytes free, the ISO needs " + needed);
      }
    } catch (IOException e) {
      LOG.debugf("free space unknown: %s", e.getMessage());
    }
  }

  /** Throws unless the file is an ISO 9660 image that Bootkeeper can serve. */
  /** Refuses a file that is not an ISO 9660 image Bootkeeper can serve in place. */
  public static void readableIso(Path file) {
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      IsoReader.read(IsoSource.of(ch, ch.size()));
    } catch (IsoException e) {
      throw new Refused(Refusal.INVALID, "not an ISO Bootkeeper can serve: " + e.getMessage());
    } catch (IOException e) {
      throw new Refused(Refusal.INVALID, "cannot read the ISO: " + e.getMessage());
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  private Refused exists(Path dest) {
    return new Refused(
        Refusal.EXISTS,
        "'" + dest.getFileName() + "' exists already; import with replace to overwrite it");
  }

  private static Refused tooLarge(long max) {
    return new Refused(
        Refusal.TOO_LARGE,
        "the ISO is larger than the limit of "
            + max
            + " bytes (bootkeeper.import.max-size and quarkus.http.limits.max-body-size)");
  }

  /** The body copied into the file, stopped (and the file dropped) past the size limit. */
  private static final class Limited {
    private final InputStream body;
    private final long max;

    Limited(InputStream body, long max) {
      this.body = body;
      this.max = max;
    }

    void copyTo(OutputStream out) throws IOException {
      long bytes = 0;
      try (InputStream in = body) {
        byte[] buf = new byte[1 << 16];
        int r;
        while ((r = in.read(buf)) > 0) {
          bytes += r;
          if (bytes > max) {
            throw new TooLarge(max);
          }
          out.write(buf, 0, r);
        }
      }
    }
  }

  private static final class TooLarge extends IOException {
    final long max;

    TooLarge(long max) {
      this.max = max;
    }
  }
}
