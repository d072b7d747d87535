package dev.bootkeeper.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.store.UefiChain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootloadersTest {

  @TempDir Path root;

  private static LoaderConfig loaders(String bios, String biosIpxe, String efi, String arm) {
    return new LoaderConfig() {
      public String bios() {
        return bios;
      }

      public String biosIpxe() {
        return biosIpxe;
      }

      public String efiX64() {
        return efi;
      }

      public String efiArm64() {
        return arm;
      }

      public String efiX64SecureBoot() {
        return "shimx64.efi";
      }

      public UefiChain uefiChain() {
        return UefiChain.IPXE;
      }

      public Optional<List<String>> secureBootLabels() {
        return Optional.empty();
      }
    };
  }

  @Test
  void reportsPresenceSizeAndHowToFetch() throws Exception {
    Files.write(root.resolve("pxelinux.0"), new byte[1234]);
    Files.createDirectories(root.resolve("grub/x86_64-efi"));
    Files.write(root.resolve("grub/x86_64-efi/http.mod"), new byte[10]);
    List<Bootloaders.Status> list =
        Bootloaders.check(
            new ImageRoot(root),
            loaders("pxelinux.0", "undionly.kpxe", "custom/my.efi", "snponly-arm64.efi"));
    Map<String, Bootloaders.Status> by =
        list.stream().collect(Collectors.toMap(Bootloaders.Status::file, Function.identity()));

    assertEquals(
        List.of(
            "pxelinux.0",
            "ldlinux.c32",
            "lpxelinux.0",
            "undionly.kpxe",
            "ipxe.efi",
            "snponly.efi",
            "grubnetx64.efi",
            "grub/x86_64-efi/http.mod",
            "shimx64.efi",
            "grubx64.efi",
            "mmx64.efi",
            "custom/my.efi",
            "snponly-arm64.efi"),
        list.stream().map(Bootloaders.Status::file).toList());
    Bootloaders.Status pxe = by.get("pxelinux.0");
    assertTrue(pxe.present());
    assertTrue(pxe.configured());
    assertEquals(1234L, pxe.size());
    assertNull(pxe.hint());
    assertTrue(by.get("grub/x86_64-efi/http.mod").present());

    Bootloaders.Status ldlinux = by.get("ldlinux.c32");
    assertFalse(ldlinux.present());
    assertFalse(ldlinux.configured());
    assertNull(ldlinux.size());
    assertTrue(ldlinux.hint().contains("images/fetch-bootloaders.sh " + root), ldlinux.hint());
    assertTrue(ldlinux.hint().contains("syslinux-common"));

    Bootloaders.Status custom = by.get("custom/my.efi");
    assertTrue(custom.configured());
    assertTrue(custom.purpose().contains("bootkeeper.dhcp.loader.efi-x64"));
    assertTrue(custom.hint().contains("not shipped by Debian"), custom.hint());
  }
}
