package dev.bootkeeper.dashboard.auth;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
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

  static void createFirstAdmin(AdminConfig config) {
    if (AppUser.count() > 0) {
      return;
    }
    String password = config.password().filter(p -> !p.isBlank()).orElse(null);
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
          "First start: created the dashboard user '%s' with the password from"
              + " bootkeeper.admin.password",
          admin.username);
    }
  }
}
