package dev.bootkeeper.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PxelinuxTextTest {

  @Test
  void aSpaceInAKernelPathIsRefused() {
    assertTrue(
        PxelinuxText.pathProblem("debian/vmlinuz initrd=evil").orElseThrow().contains("space"));
    assertTrue(PxelinuxText.pathProblem("debian/vmlinuz\u00a0x").isPresent());
  }

  @Test
  void aCommaInAnInitrdPathIsRefused() {
    assertTrue(
        PxelinuxText.pathProblem("debian/initrd.img,evil.img").orElseThrow().contains("comma"));
  }

  @Test
  void ordinaryPathsAndUrlsPass() {
    assertEquals(Optional.empty(), PxelinuxText.pathProblem("debian/initrd.img"));
    assertEquals(Optional.empty(), PxelinuxText.pathProblem("https://mirror.example/x.img"));
  }

  @Test
  void everyKindOfLineBreakAndControlIsRefused() {
    for (String bad : new String[] {"\r", "\n", "\u0085", "\u2028", "\u2029", "\u000b", "\f"}) {
      assertTrue(
          ConfigLines.problem("a" + bad + "DEFAULT evil", "").orElseThrow().contains("line break"),
          bad);
      assertTrue(PxelinuxText.pathProblem("a" + bad + "b").isPresent(), bad);
    }
    for (String bad : new String[] {"\u0000", "\u0007", "\u007f", "\u0090", "\u009f", "\t"}) {
      assertTrue(
          ConfigLines.problem("a" + bad, "").orElseThrow().contains("control character"), bad);
    }
    assertEquals(Optional.empty(), ConfigLines.problem("line\n\tnext", "\n\t"));
    assertTrue(ConfigLines.problem("line\u2028next", "\n\t").isPresent());
  }
}
