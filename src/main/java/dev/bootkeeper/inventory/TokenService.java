package dev.bootkeeper.inventory;

import dev.bootkeeper.store.ApiToken;
import dev.bootkeeper.store.TokenScope;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * API tokens: made with a scope, shown once, stored only as SHA-256 hashes, revoked by name. The
 * API and the Settings page both come here, so both are checked and audited alike.
 */
@ApplicationScoped
public class TokenService {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** A token as lists show it (never the token itself). */
  public record Info(String name, String scope, OffsetDateTime createdAt) {}

  /** A token just made: the only time its value is known. */
  public record Issued(String name, String scope, String token) {}

  private final AuditLog audit;

  public TokenService(AuditLog audit) {
    this.audit = audit;
  }

  @Transactional
  public List<Info> list() {
    return ApiToken.<ApiToken>listAll(Sort.by("name")).stream()
        .map(t -> new Info(t.name, t.scope.id(), t.createdAt))
        .toList();
  }

  @Transactional
  public boolean exists(String name) {
    return name != null && ApiToken.count("name", name) > 0;
  }

  /**
   * @param scope {@code read-only} or {@code admin}; blank means admin, as every token was before
   *     scopes existed
   */
  @Transactional
  public Issued create(String name, String scope) {
    String n = Fields.name("name", name);
    TokenScope s =
        scope == null || scope.isBlank()
            ? TokenScope.ADMIN
            : TokenScope.fromId(scope)
                .orElseThrow(
                    () ->
                        InventoryException.invalid(
                            "scope '"
                                + Fields.line("scope", scope, 32)
                                + "' is not one of read-only, admin"));
    if (ApiToken.count("name", n) > 0) {
      throw InventoryException.conflict("a token named '" + n + "' already exists");
    }
    String token = newToken();
    ApiToken t = new ApiToken();
    t.name = n;
    t.tokenHash = hashHex(token);
    t.scope = s;
    t.persist();
    audit.record("create", AuditLog.TOKEN, n, "scope=" + s.id());
    return new Issued(n, s.id(), token);
  }

  @Transactional
  public void revoke(String name) {
    ApiToken t =
        ApiToken.<ApiToken>find("name", name == null ? "" : name)
            .firstResultOptional()
            .orElseThrow(() -> InventoryException.notFound("no token named '" + name + "'"));
    t.delete();
    audit.record("delete", AuditLog.TOKEN, t.name, "scope=" + t.scope.id());
  }

  /** A new random token: 256 bits, with a prefix that secret scanners recognise. */
  public static String newToken() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return "bk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  public static String hashHex(String token) {
    return HexFormat.of().formatHex(sha256(token));
  }

  public static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
