package dev.bootkeeper.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which profile paths lie in an image, and where a rename moves them. */
class ImageChangesTest {

  @Test
  void aPathIsInTheImageWhenItIsTheImageOrUnderIt() {
    assertTrue(ImageChanges.inImage("rescue", "rescue"));
    assertTrue(ImageChanges.inImage("rescue/boot/vmlinuz", "rescue"));
    assertTrue(ImageChanges.inImage("/rescue/boot/vmlinuz", "rescue"), "GRUB-style leading slash");
    assertFalse(ImageChanges.inImage("rescue-12/boot/vmlinuz", "rescue"), "a longer name");
    assertFalse(ImageChanges.inImage("other/rescue/vmlinuz", "rescue"));
    assertFalse(ImageChanges.inImage(null, "rescue"));
  }

  @Test
  void aRenameMovesOnlyThePathsInTheImage() {
    assertEquals("r13/boot/vmlinuz", ImageChanges.movedPath("r12/boot/vmlinuz", "r12", "r13"));
    assertEquals("/r13/x", ImageChanges.movedPath("/r12/x", "r12", "r13"));
    assertEquals("r13", ImageChanges.movedPath("r12", "r12", "r13"));
    assertEquals("r123/x", ImageChanges.movedPath("r123/x", "r12", "r13"));
    assertEquals(
        "http://mirror/r12/x", ImageChanges.movedPath("http://mirror/r12/x", "r12", "r13"));
  }

  @Test
  void aProfileIsMovedWholeKernelInitrdsAndStage3() {
    ProfileData p =
        ProfileData.linux(
            "rescue",
            "r12/boot/vmlinuz",
            List.of("r12/boot/amd_ucode.img", "shared/initrd.img"),
            "ip=dhcp",
            new ProfileData.Stage3("http", "r12"));
    assertTrue(ImageChanges.references(p, "r12"));
    assertTrue(ImageChanges.references(p, "shared"));
    assertFalse(ImageChanges.references(p, "r1"));
    ProfileData moved = ImageChanges.moved(p, "r12", "r13");
    assertEquals("r13/boot/vmlinuz", moved.kernel());
    assertEquals(List.of("r13/boot/amd_ucode.img", "shared/initrd.img"), moved.initrds());
    assertEquals("r13", moved.stage3().image());
    assertEquals("ip=dhcp", moved.cmdline());
  }
}
