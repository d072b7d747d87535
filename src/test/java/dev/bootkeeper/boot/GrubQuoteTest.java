package dev.bootkeeper.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GrubQuoteTest {

  @Test
  void aQuoteInATitleStaysInsideIt() {
    assertEquals(
        "'Rescue'\\'' { linux (tftp,6.6.6.6)/evil; boot; } menuentry '\\''x'",
        GrubQuote.quoted("Rescue' { linux (tftp,6.6.6.6)/evil; boot; } menuentry 'x"));
  }

  @Test
  void plainWordsStayAsTheyAre() {
    assertEquals(
        "(tftp,198.18.0.1)/debian/vmlinuz", GrubQuote.word("(tftp,198.18.0.1)/debian/vmlinuz"));
    assertEquals(
        "console=ttyS0 root=/dev/ram0 server=198.18.0.1",
        GrubQuote.arguments("console=ttyS0  root=/dev/ram0 server=198.18.0.1"));
  }

  @Test
  void commandCharactersInArgumentsAreQuoted() {
    assertEquals("quiet 'x;' reboot", GrubQuote.arguments("quiet x; reboot"));
    assertEquals("'a;reboot'", GrubQuote.arguments("a;reboot"));
    assertEquals(
        "'}' '{' '#x' '$' 'a|b' 'a&&b' '<x>'", GrubQuote.arguments("} { #x $ a|b a&&b <x>"));
    assertEquals("'it'\\''s'", GrubQuote.arguments("it's"));
    assertEquals("'a\\b'", GrubQuote.arguments("a\\b"));
    assertEquals("'(tftp,1.2.3.4)/a b;c'", GrubQuote.word("(tftp,1.2.3.4)/a b;c"));
  }

  @Test
  void grubVariablesStayVariablesInsideTheirArgument() {
    assertEquals(
        "ip=\"${net_default_ip}\" mac=\"${net_default_mac}\".cfg",
        GrubQuote.arguments("ip=${net_default_ip} mac=$net_default_mac.cfg"));
    assertEquals("'${'\\''x}'", GrubQuote.arguments("${'x}"));
  }
}
