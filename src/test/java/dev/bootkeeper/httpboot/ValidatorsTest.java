package dev.bootkeeper.httpboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ValidatorsTest {

  private final Validators v = Validators.of(4096, Instant.parse("2024-03-05T06:07:08.900Z"));

  @Test
  void strongTagFromTimeAndSizeAndAnImfFixdate() {
    assertEquals("\"18e0d391664-1000\"", v.etag());
    assertEquals("Tue, 05 Mar 2024 06:07:08 GMT", v.lastModifiedHeader());
  }

  @Test
  void ifNoneMatchDecidesBeforeIfModifiedSince() {
    assertTrue(v.notModified(v.etag(), null));
    assertTrue(v.notModified("\"x\", W/" + v.etag(), null));
    assertTrue(v.notModified("*", null));
    assertFalse(v.notModified("\"x\"", "Tue, 05 Mar 2024 06:07:08 GMT"));
    assertTrue(v.notModified(null, "Tue, 05 Mar 2024 06:07:08 GMT"));
    assertTrue(v.notModified(null, "Wed, 06 Mar 2024 00:00:00 GMT"));
    assertFalse(v.notModified(null, "Tue, 05 Mar 2024 06:07:07 GMT"));
    assertFalse(v.notModified(null, "not a date"));
    assertFalse(v.notModified(null, null));
  }

  @Test
  void ifRangeNeedsAStrongMatchOrTheExactDate() {
    assertTrue(v.rangeStillValid(null));
    assertTrue(v.rangeStillValid(v.etag()));
    assertFalse(v.rangeStillValid("W/" + v.etag()));
    assertFalse(v.rangeStillValid("\"other\""));
    assertTrue(v.rangeStillValid("Tue, 05 Mar 2024 06:07:08 GMT"));
    assertFalse(v.rangeStillValid("Tue, 05 Mar 2024 06:07:09 GMT"));
  }
}
