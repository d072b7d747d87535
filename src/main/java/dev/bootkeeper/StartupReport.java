package dev.bootkeeper;

import dev.bootkeeper.api.ApiTokens;
import dev.bootkeeper.boot.BootService;
import dev.bootkeeper.boot.BootkeeperConfig;
import dev.bootkeeper.boot.ImageCatalog;
import dev.bootkeeper.boot.ServerIdentity;
import dev.bootkeeper.ops.ProtocolWarmUp;
import dev.bootkeeper.store.ApiToken;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServerStart;
import io.quarkus.vertx.http.HttpsServerStart;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Checks the settings that only make sense at run time, creates the first admin token when there is
 * none, and prints where the dashboard and the API are.
 */
@ApplicationScoped
public class StartupReport {

  private static final Logger LOG = Logger.getLogger("dev.bootkeeper");

  /** The line that says where everything is, once it can be said (see {@link #sayReady}). */
  private final ProtocolWarmUp warmUp;

  private String readyLine;

  private boolean httpListening;
  private boolean said;

  public StartupReport(ProtocolWarmUp warmUp) {
    this.warmUp = warmUp;
  }

  /**
   * Runs after every other start-up observer (a larger priority runs later): "ready" is said only
   * once the protocol servers listen and the DHCP path is warmed up, and the HTTP server listens
   * (it opens its port after the start-up observers: a script that began at "ready" was refused).
   */
  void onStart(
      @Observes @Priority(Interceptor.Priority.LIBRARY_AFTER + 1000) StartupEvent ev,
      BootkeeperConfig config,
      ServerIdentity server,
      ApiTokens tokens,
      BootService boot,
      ImageCatalog images) {
    ensureDirectory("bootkeeper.data-dir", config.dataDir());
    restrictToOwner(Path.of(config.dataDir()));
    ensureDirectory("bootkeeper.images-dir", config.imagesDir());
    String defaultProfile =
        QuarkusTransaction.requiringNew().call(() -> boot.defaultProfile().name());
    if (!tokens.anyConfigured()) {
      QuarkusTransaction.requiringNew().run(StartupReport::createFirstToken);
    }
    scanInBackground(images);
    String base = "http://" + server.address().getHostAddress() + ":" + server.httpPort();
    sayReady(
        String.format(
            "Bootkeeper is ready. Dashboard: %s/  API: %s/api/v1  (OpenAPI: %s/q/swagger-ui)"
                + "  images: %s  default profile: %s",
            base,
            base,
            base,
            Path.of(config.imagesDir()).toAbsolutePath().normalize(),
            defaultProfile),
        false);
  }

  void onHttpListening(@ObservesAsync HttpServerStart start) {
    sayReady(null, true);
  }

  void onHttpsListening(@ObservesAsync HttpsServerStart start) {
    sayReady(null, true);
  }

  /**
   * Says ready once the start-up observers are done and HTTP listens, after the protocol warm-up
   * (which needs both): a machine served from then on meets compiled code.
   */
  private void sayReady(String line, boolean listening) {
    synchronized (this) {
      if (line != null) {
        readyLine = line;
      }
      httpListening |= listening;
      if (readyLine == null || !httpListening || said) {
        return;
      }
      said = true;
    }
    // A port of 0 (any free one) is set to the real one once the server listens.
    warmUp.run(ConfigProvider.getConfig().getValue("quarkus.http.port", Integer.class));
    if (LaunchMode.current() != LaunchMode.TEST) {
      LOG.info(readyLine);
    }
  }

  /** Brings the image list and checksums up to date without delaying the start. */
  private static void scanInBackground(ImageCatalog images) {
    Thread t =
        new Thread(
            () -> {
              try {
                ImageCatalog.ScanResult r = images.rescan();
                LOG.infof(
                    "images: %d images, %d files, %d checksummed",
                    r.images(), r.files(), r.hashed());
              } catch (RuntimeException e) {
                LOG.warnf("image scan failed: %s", e.getMessage());
              }
            },
            "image-scan");
    t.setDaemon(true);
    t.start();
  }

  private static void createFirstToken() {
    if (ApiToken.count() > 0) {
      return;
    }
    String token = ApiTokens.newToken();
    ApiToken t = new ApiToken();
    t.name = "admin";
    t.tokenHash = ApiTokens.hashHex(token);
    t.persist();
    LOG.infof(
        "%n%n  First start: created the API token 'admin'. It is shown only this once:%n%n    %s%n%n"
            + "  Use it as 'Authorization: Bearer <token>'. Create more with POST /api/v1/tokens.%n",
        token);
  }

  /**
   * The data directory holds the database, with password and token hashes, sessions and the
   * inventory: only the appliance's own user may read it. H2 creates its files with the process's
   * umask (usually world-readable), so the folder and the files directly in it are narrowed here.
   */
  private static void restrictToOwner(Path dir) {
    try {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      try (var files = Files.list(dir)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
          }
        }
      }
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system (Windows): its own access rules apply.
    } catch (IOException e) {
      LOG.warnf("cannot make the data directory %s private to this user: %s", dir, e.getMessage());
    }
  }

  private static void ensureDirectory(String key, String dir) {
    Path p = Path.of(dir);
    try {
      Files.createDirectories(p);
    } catch (IOException e) {
      throw new IllegalStateException(key + ": cannot create directory '" + dir + "': " + e, e);
    }
    if (!Files.isDirectory(p) || !Files.isReadable(p)) {
      throw new IllegalStateException(key + ": '" + dir + "' is not a readable directory");
    }
  }
}
