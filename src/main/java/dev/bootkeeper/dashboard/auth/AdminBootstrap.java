package dev.bootkeeper.dashboard.auth;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Creates the first dashboard admin when there is no user at all: with {@code
 * bootkeeper.admin.password} when set, else with a random password printed once in the log.
 *
 * <p>The password's hash (PBKDF2, hundreds of thousands of rounds on purpose) is derived on its own
 * thread: on a cold JVM it took most of a second of the start, during which the boot protocols were
 * not yet serving. A login that comes before the admin is stored waits for it ({@link
 * #awaitFirstAdmin}).
 */
@ApplicationScoped
public class AdminBootstrap {

  private static final Logger LOG = Logger.getLogger("dev.bootkeeper");

  /** How long a login waits for the first admin to be stored before it is checked anyway. */
  private static final long LOGIN_WAIT_SECONDS = 30;

  private final CompletableFuture<Void> firstAdmin = new CompletableFuture<>();

  void onStart(@Observes StartupEvent ev, AdminConfig config) {
    if (QuarkusTransaction.requiringNew().call(() -> AppUser.count()) > 0) {
      firstAdmin.complete(null);
      return;
    }
    // Read here, not on the thread: an unreadable password file must stop the start.
    String configured = configuredPassword(config);
    Thread t =
        new Thread(
            () -> {
              try {
                QuarkusTransaction.requiringNew().run(() -> createFirstAdmin(config, configured));
                firstAdmin.complete(null);
              } catch (RuntimeException e) {
                LOG.errorf(e, "could not create the first dashboard user");
                firstAdmin.completeExceptionally(e);
              }
            },
            "first-admin");
    t.setDaemon(true);
    t.start();
  }

  /** Waits (bounded) until the first admin, if this start creates one, is stored. */
  void awaitFirstAdmin() {
    try {
      firstAdmin.get(LOGIN_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // Logged where it failed; the login then goes on against what the store holds.
    }
  }

  private static String configuredPassword(AdminConfig config) {
    return config
        .password()
        .filter(p -> !p.isBlank())
        .or(() -> config.passwordFile().map(AdminBootstrap::readPasswordFile))
        .orElse(null);
  }

  /**
   * The first line of the password file. A missing, empty or unreadable file stops the start: an
   * operator who named a file expects that password, not a random one in the log.
   */
  static String readPasswordFile(Path file) {
    String line;
    try {
      line = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("");
    } catch (IOException e) {
      throw new IllegalStateException(
          "bootkeeper.admin.password-file: cannot read " + file + ": " + e.getMessage(), e);
    }
    if (line.isBlank()) {
      throw new IllegalStateException(
          "bootkeeper.admin.password-file: " + file + " has no password on its first line");
    }
    warnIfOthersCanRead(file);
    return line.strip();
  }

  private static void warnIfOthersCanRead(Path file) {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (perms.contains(PosixFilePermission.OTHERS_READ)
          || perms.contains(PosixFilePermission.GROUP_READ)) {
        LOG.warnf(
            "bootkeeper.admin.password-file: %s can be read by other users (%s); chmod 600 it",
            file, PosixFilePermissions.toString(perms));
      }
    } catch (IOException | UnsupportedOperationException e) {
      // Not a POSIX file system: nothing to check.
    }
  }

  private static void createFirstAdmin(AdminConfig config, String configured) {
    if (AppUser.count() > 0) {
      return;
    }
    String password = configured;
    boolean generated = password == null;
    if (generated) {
      password = PasswordHasher.randomPassword();
    }
    AppUser admin = new AppUser();
    admin.username = config.username();
    admin.passwordHash = PasswordHasher.hash(password);
    admin.role = Role.ADMIN;
    admin.persist();
    if (generated) {
      LOG.infof(
          "%n%n  First start: created the dashboard user '%s'. Its password is shown only this"
              + " once:%n%n    %s%n%n  Log in and create more users on the Settings page.%n",
          admin.username, password);
    } else {
      LOG.infof(
          "First start: created the dashboard user '%s' with the password from %s",
          admin.username,
          config.password().filter(p -> !p.isBlank()).isPresent()
              ? "bootkeeper.admin.password"
              : "bootkeeper.admin.password-file");
    }
  }
}
