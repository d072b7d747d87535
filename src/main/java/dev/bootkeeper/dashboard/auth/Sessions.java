package dev.bootkeeper.dashboard.auth;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Dashboard sessions, kept in the database so that several nodes share them. The browser holds a
 * random 256-bit value; the table holds only its SHA-256. Each session has its own CSRF token.
 */
@ApplicationScoped
public class Sessions {

  public static final String COOKIE = "bk_session";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SessionConfig config;
  private final AdminBootstrap bootstrap;

  public Sessions(SessionConfig config, AdminBootstrap bootstrap) {
    this.config = config;
    this.bootstrap = bootstrap;
  }

  /** Checks the password; on success a new session and its cookie value. */
  public Optional<String> login(String username, String password) {
    if (username == null || password == null || username.length() > 64) {
      return Optional.empty();
    }
    bootstrap.awaitFirstAdmin();
    Optional<AppUser> user =
        QuarkusTransaction.requiringNew().call(() -> AppUser.byUsername(username.trim()));
    // Hash even for an unknown user, so response times do not tell which user names exist.
    String stored = user.map(u -> u.passwordHash).orElse(DUMMY_HASH);
    if (!PasswordHasher.verify(password, stored) || user.isEmpty()) {
      return Optional.empty();
    }
    String token = randomToken();
    long userId = user.get().id;
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              UserSession.delete("expiresAt < ?1", OffsetDateTime.now());
              UserSession s = new UserSession();
              s.id = hash(token);
              s.user = AppUser.findById(userId);
              s.csrfToken = randomToken();
              s.createdAt = OffsetDateTime.now();
              s.expiresAt = s.createdAt.plus(config.timeout());
              s.persist();
            });
    return Optional.of(token);
  }

  /** The live session for a cookie value, if any. */
  public Optional<SessionInfo> lookup(String token) {
    if (token == null || token.isEmpty() || token.length() > 128) {
      return Optional.empty();
    }
    String id = hash(token);
    return QuarkusTransaction.joiningExisting()
        .call(
            () ->
                UserSession.<UserSession>findByIdOptional(id)
                    .filter(s -> s.expiresAt.isAfter(OffsetDateTime.now()))
                    .map(
                        s ->
                            new SessionInfo(
                                s.id, s.user.username, s.user.role, s.csrfToken, s.expiresAt)));
  }

  public void logout(SessionInfo session) {
    QuarkusTransaction.requiringNew().run(() -> UserSession.deleteById(session.sessionHash()));
  }

  public long timeoutSeconds() {
    return config.timeout().toSeconds();
  }

  public static String randomToken() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static String hash(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final String DUMMY_HASH = PasswordHasher.hash(randomToken());
}
