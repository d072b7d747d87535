package dev.bootkeeper.api;

import dev.bootkeeper.store.ApiToken;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** Issues and checks API bearer tokens. Only SHA-256 hashes are stored. */
@ApplicationScoped
public class ApiTokens {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final List<byte[]> configured;

  public ApiTokens(ApiConfig config) {
    this.configured =
        config.tokens().orElse(List.of()).stream()
            .map(String::trim)
            .filter(t -> !t.isEmpty())
            .map(ApiTokens::sha256)
            .toList();
  }

  public boolean anyConfigured() {
    return !configured.isEmpty();
  }

  /** True when the token is one of the configured ones or one created through the API. */
  public boolean accepts(String token) {
    if (token == null || token.isEmpty() || token.length() > 512) {
      return false;
    }
    byte[] hash = sha256(token);
    for (byte[] c : configured) {
      if (MessageDigest.isEqual(c, hash)) {
        return true;
      }
    }
    String hex = HexFormat.of().formatHex(hash);
    return QuarkusTransaction.joiningExisting().call(() -> ApiToken.count("tokenHash", hex) > 0);
  }

  /** A new random token; the caller stores its hash and shows the token once. */
  public static String newToken() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return "bk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  public static String hashHex(String token) {
    return HexFormat.of().formatHex(sha256(token));
  }

  static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
