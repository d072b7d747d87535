package dev.bootkeeper.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LineDiffTest {

  static String show(List<LineDiff.Line> d) {
    return d.stream().map(l -> l.marker() + l.text()).collect(Collectors.joining("|"));
  }

  @Test
  void marksAddedRemovedAndKeptLines() {
    String a = "{\n  \"kind\" : \"linux\",\n  \"kernel\" : \"a\",\n  \"cmdline\" : \"quiet\"\n}";
    String b = "{\n  \"kind\" : \"linux\",\n  \"kernel\" : \"b\",\n  \"cmdline\" : \"quiet\"\n}";
    assertEquals(
        " {|   \"kind\" : \"linux\",|-  \"kernel\" : \"a\",|+  \"kernel\" : \"b\",|   \"cmdline\" : \"quiet\"| }",
        show(LineDiff.diff(a, b)));
  }

  @Test
  void anEmptyBeforeIsAllAdded() {
    assertEquals("+x|+y", show(LineDiff.diff("", "x\ny")));
    assertEquals("-x|-y", show(LineDiff.diff("x\ny", "")));
  }

  @Test
  void sameTextIsUnchanged() {
    assertFalse(LineDiff.changed(LineDiff.diff("a\nb", "a\nb")));
    assertTrue(LineDiff.changed(LineDiff.diff("a\nb", "a\nc")));
  }

  @Test
  void keepsTheLongestCommonLines() {
    assertEquals(" a|-b| c|+d", show(LineDiff.diff("a\nb\nc", "a\nc\nd")));
  }
}
