package dev.bootkeeper.boot;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Puts the boot loaders bundled with the appliance (by {@code mvn package}, from Debian's packages)
 * into the images directory at start, before the protocol servers answer anyone, so that the first
 * machine that boots finds its loader. A file already there is never replaced: the admin's own
 * loader (another version, a build of their own) wins. Each bundled file is checked against the
 * SHA-256 its manifest recorded when it was taken from its package.
 */
@ApplicationScoped
public class BundledLoaders {

  private static final Logger LOG = Logger.getLogger(BundledLoaders.class);

  /** Where the build puts the loaders on the class path. */
  static final String BUNDLE = "bootkeeper-loaders/";

  static final String MANIFEST = "bootloaders.manifest";

  /** One line of the manifest: file, Debian package, package version, SHA-256. */
  record Entry(String file, String debianPackage, String version, String sha256) {}

  /**
   * What one start did.
   *
   * @param bundled whether this build of the appliance carries loaders at all
   * @param installed the files put in place now
   * @param kept the files that were there already and were left alone
   * @param refused the files not written, each with why
   */
  public record Result(
      boolean bundled, List<String> installed, List<String> kept, List<String> refused) {}

  // Runs before the protocol servers' start observers (default priority 2500).
  void onStart(
      @Observes @Priority(1000) StartupEvent ev,
      BootkeeperConfig config,
      LoaderConfig loaders,
      BootService boot) {
    ImageRoot root = boot.imageRoot();
    if (config.installBootloaders()) {
      installInto(root);
    }
    for (Bootloaders.Status s : Bootloaders.check(root, loaders)) {
      if (!s.present()) {
        LOG.warnf(
            "boot loader missing: %s (%s); %s",
            LogText.of(s.file()), s.purpose(), LogText.of(s.hint()));
      }
    }
  }

  private static void installInto(ImageRoot root) {
    try {
      Files.createDirectories(root.root());
    } catch (IOException e) {
      LOG.errorf(
          "boot loaders: cannot create the images directory %s (%s)",
          LogText.of(root.root().toString()), LogText.of(e.toString()));
      return;
    }
    Result r = install(BundledLoaders.class.getClassLoader(), root);
    report(r);
    if (r.bundled() && !r.installed().isEmpty()) {
      writeManifestIfAbsent(BundledLoaders.class.getClassLoader(), root);
    }
  }

  /** The images directory's own list of loaders, for people: written once, never overwritten. */
  private static void writeManifestIfAbsent(ClassLoader source, ImageRoot root) {
    Path target = root.root().resolve(MANIFEST);
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      byte[] bytes = read(source, MANIFEST);
      new SafeImageWrites(root).replace(target, out -> out.write(bytes));
    } catch (IOException e) {
      LOG.warnf("boot loaders: cannot write %s (%s)", MANIFEST, LogText.of(e.toString()));
    }
  }

  private static void report(Result r) {
    if (!r.bundled()) {
      LOG.info(
          "boot loaders: this build carries none (its 'mvn package' could not take them from"
              + " Debian's packages); the Boot loaders table and GET /api/v1/bootloaders say"
              + " which are missing and how to add them");
      return;
    }
    if (!r.installed().isEmpty()) {
      LOG.infof(
          "boot loaders: put %d into the images directory (%s); %d already there were kept",
          r.installed().size(), String.join(", ", r.installed()), r.kept().size());
    }
    r.refused().forEach(why -> LOG.warnf("boot loaders: %s", LogText.of(why)));
  }

  /** Copies every bundled loader the images directory lacks, through {@link SafeImageWrites}. */
  static Result install(ClassLoader source, ImageRoot root) {
    Optional<List<Entry>> manifest = manifest(source);
    if (manifest.isEmpty()) {
      return new Result(false, List.of(), List.of(), List.of());
    }
    SafeImageWrites writes = new SafeImageWrites(root);
    List<String> installed = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (Entry e : manifest.get()) {
      Path target;
      try {
        target = root.root().resolve(e.file()).normalize();
        if (!target.startsWith(root.root().normalize())) {
          refused.add(e.file() + ": not a path inside the images directory");
          continue;
        }
      } catch (RuntimeException bad) {
        refused.add(e.file() + ": not a valid path");
        continue;
      }
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        kept.add(e.file());
        continue;
      }
      try {
        byte[] bytes = read(source, e.file());
        String actual = sha256(bytes);
        if (!actual.equals(e.sha256())) {
          refused.add(
              e.file() + ": bundled copy does not match its manifest (sha256 " + actual + ")");
          continue;
        }
        writes.createFolders(target);
        writes.replace(target, out -> out.write(bytes));
        installed.add(e.file());
      } catch (IOException io) {
        refused.add(e.file() + ": " + io.getMessage());
      }
    }
    return new Result(true, List.copyOf(installed), List.copyOf(kept), List.copyOf(refused));
  }

  static Optional<List<Entry>> manifest(ClassLoader source) {
    try (InputStream in = source.getResourceAsStream(BUNDLE + MANIFEST)) {
      if (in == null) {
        return Optional.empty();
      }
      List<Entry> entries = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String[] f = line.split("\t");
        if (line.isBlank() || line.startsWith("#") || f.length != 4) {
          continue;
        }
        entries.add(new Entry(f[0], f[1], f[2], f[3].strip()));
      }
      return Optional.of(entries);
    } catch (IOException e) {
      LOG.warnf("boot loaders: cannot read the bundled manifest (%s)", LogText.of(e.toString()));
      return Optional.empty();
    }
  }

  private static byte[] read(ClassLoader source, String file) throws IOException {
    try (InputStream in = source.getResourceAsStream(BUNDLE + file)) {
      if (in == null) {
        throw new IOException("listed in the bundled manifest but not bundled");
      }
      return in.readAllBytes();
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
