package dev.bootkeeper.dashboard.auth;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The login form's protection against login CSRF: a random value in a cookie, and in the form its
 * HMAC under a key only this process knows. A plain double-submit token (the same value in both)
 * can be forged by anyone who can plant a cookie (a sibling subdomain, a man in the middle on plain
 * HTTP); the HMAC cannot be computed without the key. Forms older than a restart must be sent
 * again.
 */
@ApplicationScoped
public class LoginFormTokens {

  /** The two halves: {@code cookie} goes in the cookie, {@code field} in the form. */
  public record Issued(String cookie, String field) {}

  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;

  public LoginFormTokens() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    this.key = new SecretKeySpec(secret, ALGORITHM);
  }

  public Issued issue() {
    String nonce = Sessions.randomToken();
    return new Issued(nonce, sign(nonce));
  }

  /** Whether the form field is this process's signature of the cookie's value. */
  public boolean valid(String field, String cookie) {
    if (field == null || cookie == null || cookie.isEmpty() || cookie.length() > 200) {
      return false;
    }
    return MessageDigest.isEqual(
        sign(cookie).getBytes(StandardCharsets.US_ASCII),
        field.getBytes(StandardCharsets.US_ASCII));
  }

  private String sign(String nonce) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(mac.doFinal(nonce.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }
}
