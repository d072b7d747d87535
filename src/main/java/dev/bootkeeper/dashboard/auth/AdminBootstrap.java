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
import org.jboss.logging.Logger;

/**
 * Creates the first dashboard admin when there is no user at all: with {@code
 * bootkeeper.admin.password} when set, else with a random password printed once in the log.
 */
@ApplicationScoped
public class AdminBootstrap {

  private static final Logger LOG = Logger.getLogger("dev.bootkeeper");

  void onStart(@Observes StartupEvent ev, AdminConfig config) {
    QuarkusTransaction.requiringNew().run(() -> createFirstAdmin(config));
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

  static void createFirstAdmin(AdminConfig config) {
    if (AppUser.count() > 0) {
      return;
    }
    String password =
        config
            .password()
            .filter(p -> !p.isBlank())
            .or(() -> config.passwordFile().map(AdminBootstrap::readPasswordFile))
            .orElse(null);
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
