package dev.bootkeeper.dashboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

  @Test
  void verifiesTheRightPasswordOnly() {
    String hash = PasswordHasher.hash("correct horse battery staple");
    assertTrue(hash.startsWith("pbkdf2-sha256$210000$"), hash);
    assertTrue(PasswordHasher.verify("correct horse battery staple", hash));
    assertFalse(PasswordHasher.verify("correct horse battery stapler", hash));
    assertFalse(PasswordHasher.verify("", hash));
  }

  @Test
  void saltsEveryHash() {
    assertNotEquals(PasswordHasher.hash("same"), PasswordHasher.hash("same"));
  }

  @Test
  void matchesThePublishedPbkdf2Sha256Vector() {
    // RFC 7914 section 11: PBKDF2-HMAC-SHA256, P="passwd", S="salt", c=1, dkLen=64; first 32 bytes.
    byte[] key = PasswordHasher.derive("passwd", "salt".getBytes(StandardCharsets.US_ASCII), 1);
    assertEquals(
        "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc",
        HexFormat.of().formatHex(key));
  }

  @Test
  void refusesMalformedHashes() {
    assertFalse(PasswordHasher.verify("x", null));
    assertFalse(PasswordHasher.verify("x", "plain"));
    assertFalse(PasswordHasher.verify("x", "pbkdf2-sha256$abc$AA==$AA=="));
    assertFalse(PasswordHasher.verify("x", "pbkdf2-sha256$0$AA==$AA=="));
    assertFalse(PasswordHasher.verify("x", "pbkdf2-sha256$1$not base64!$AA=="));
    assertFalse(PasswordHasher.verify("x", "md5$1$AA==$AA=="));
  }
}
