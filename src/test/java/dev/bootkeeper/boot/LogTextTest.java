package dev.bootkeeper.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogTextTest {

  @Test
  void lineBreaksAndTabsBecomeVisibleEscapes() {
    assertEquals("a\\nb\\rc\\td", LogText.of("a\nb\rc\td"));
  }

  @Test
  void aForgedLogLineStaysOnItsLine() {
    String forged = "nothere\n2026-12-05 23:59:59,000 ERROR [dev.bootkeeper] FORGED";
    assertEquals(
        "nothere\\n2026-12-05 23:59:59,000 ERROR [dev.bootkeeper] FORGED", LogText.of(forged));
  }

  @Test
  void otherC0ControlsEscAndDelAreEscaped() {
    assertEquals("\\u0000\\u0007\\u001b[31m\\u007f", LogText.of("\0\u0007\u001b[31m\u007f"));
  }

  @Test
  void c1ControlsAreEscapedIncludingNextLine() {
    assertEquals("\\u0080\\u0085\\u009b\\u009f", LogText.of("\u0080\u0085\u009b\u009f"));
  }

  @Test
  void unicodeLineAndParagraphSeparatorsAreEscaped() {
    assertEquals("a\\u2028b\\u2029c", LogText.of("a\u2028b\u2029c"));
  }

  @Test
  void bidiOverridesAndLoneSurrogatesAreEscaped() {
    assertEquals("\\u202egnp.exe\\ud800", LogText.of("\u202egnp.exe\ud800"));
  }

  @Test
  void aBackslashIsDoubledSoAnEscapeCannotBeFaked() {
    assertEquals("C:\\\\n", LogText.of("C:\\n"));
  }

  @Test
  void visibleTextIsKeptAsItIs() {
    String text = "pxelinux.cfg/01-aa-bb-cc-dd-ee-ff Grüße 日本 \uD83D\uDE80";
    assertEquals(text, LogText.of(text));
  }

  @Test
  void longValuesAreClippedWithAnEllipsis() {
    String clipped = LogText.of("x".repeat(10_000));
    assertEquals("x".repeat(LogText.MAX) + LogText.ELLIPSIS, clipped);
    String escapes = LogText.of("\n".repeat(10_000));
    assertTrue(escapes.length() <= LogText.MAX + 2, escapes.length() + " characters");
    assertTrue(escapes.endsWith("\\n" + LogText.ELLIPSIS), escapes);
  }

  @Test
  void nullIsShownAsNull() {
    assertEquals("null", LogText.of((String) null));
    assertEquals("null", LogText.of((Object) null));
  }
}
