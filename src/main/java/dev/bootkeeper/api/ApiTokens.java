package dev.bootkeeper.api;

import dev.bootkeeper.inventory.TokenService;
import dev.bootkeeper.store.ApiToken;
import dev.bootkeeper.store.TokenScope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Checks API bearer tokens. Only SHA-256 hashes are stored. */
@ApplicationScoped
public class ApiTokens {

  /**
   * Who a valid token is: its name (a token from {@code bootkeeper.api.tokens} is named after its
   * place there) and what it may do.
   */
  public record Holder(String name, TokenScope scope) {}

  private final List<byte[]> configured;

  public ApiTokens(ApiConfig config) {
    this.configured =
        config.tokens().orElse(List.of()).stream()
            .map(String::trim)
            .filter(t -> !t.isEmpty())
            .map(TokenService::sha256)
            .toList();
  }

  public boolean anyConfigured() {
    return !configured.isEmpty();
  }

  /** True when the token is one of the configured ones or one created through the API. */
  public boolean accepts(String token) {
    return holder(token).isPresent();
  }

  /**
   * The holder of a configured token (always admin: the operator wrote it into the configuration)
   * or of one created through the API or the dashboard.
   */
  public Optional<Holder> holder(String token) {
    if (token == null || token.isEmpty() || token.length() > 512) {
      return Optional.empty();
    }
    byte[] hash = TokenService.sha256(token);
    for (int i = 0; i < configured.size(); i++) {
      if (MessageDigest.isEqual(configured.get(i), hash)) {
        return Optional.of(new Holder("bootkeeper.api.tokens[" + i + "]", TokenScope.ADMIN));
      }
    }
    String hex = HexFormat.of().formatHex(hash);
    return QuarkusTransaction.joiningExisting()
        .call(
            () ->
                ApiToken.<ApiToken>find("tokenHash", hex)
                    .firstResultOptional()
                    .map(t -> new Holder(t.name, t.scope)));
  }

  /** A new random token; the caller stores its hash and shows the token once. */
  public static String newToken() {
    return TokenService.newToken();
  }

  public static String hashHex(String token) {
    return TokenService.hashHex(token);
  }
}
