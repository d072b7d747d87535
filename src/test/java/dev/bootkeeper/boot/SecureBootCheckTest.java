package dev.bootkeeper.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.store.ProfileKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecureBootCheckTest {

  @TempDir Path images;
  ImageRoot root;

  @BeforeEach
  void kernels() throws IOException {
    root = new ImageRoot(images);
    Files.createDirectories(images.resolve("k"));
    ByteBuffer signed = PeSignatureTest.pe32plus(2048, 1024, 512);
    PeSignatureTest.certificate(signed, 1024, 512, 2);
    Files.write(images.resolve("k/signed"), signed.array());
    Files.write(images.resolve("k/unsigned"), PeSignatureTest.pe32plus(2048, 0, 0).array());
    Files.writeString(images.resolve("k/initrd"), "initrds are not verified");
  }

  private static ProfileSpec linux(String kernel, String... initrds) {
    return ProfileSpec.simple("p", ProfileKind.LINUX, kernel, List.of(initrds), null);
  }

  @Test
  void aSignedKernelOverTftpWithAnyInitrdBoots() {
    assertEquals(List.of(), SecureBootCheck.problems(linux("k/signed", "k/initrd"), root));
    assertEquals(
        List.of(),
        SecureBootCheck.problems(
            ProfileSpec.simple("disk", ProfileKind.LOCAL, null, List.of(), null), root));
  }

  @Test
  void anUnsignedOrMissingKernelIsNamed() {
    assertEquals(
        List.of(
            "kernel k/unsigned is not signed: GRUB refuses it under Secure Boot"
                + " ('bad shim signature')"),
        SecureBootCheck.problems(linux("k/unsigned"), root));
    assertEquals(
        List.of("kernel k/none is not in the images directory"),
        SecureBootCheck.problems(linux("k/none"), root));
    assertTrue(
        SecureBootCheck.problems(linux("k/initrd"), root).get(0).contains("not an EFI binary"));
  }

  @Test
  void urlsCannotBeFetchedBySignedGrub() {
    List<String> p =
        SecureBootCheck.problems(linux("http://192.0.2.1/vmlinuz", "http://192.0.2.1/i"), root);
    assertEquals(2, p.size());
    assertTrue(p.stream().allMatch(m -> m.contains("signed GRUB fetches over TFTP only")), "" + p);
  }

  @Test
  void iPxeScriptsAndCustomGrubTemplatesAreFlagged() {
    ProfileSpec script = ProfileSpec.simple("s", ProfileKind.IPXE, null, List.of(), null);
    assertTrue(SecureBootCheck.problems(script, root).get(0).contains("iPXE script"));
    ProfileSpec custom =
        new ProfileSpec(
            "c",
            null,
            ProfileKind.LINUX,
            "k/signed",
            List.of(),
            null,
            null,
            Optional.empty(),
            null,
            Map.of(ConfigFormat.GRUB, "insmod http"),
            Map.of(),
            0,
            Optional.empty());
    assertTrue(SecureBootCheck.problems(custom, root).get(0).contains("custom GRUB template"));
  }

  @Test
  void aMenuIsCheckedEntryByEntry() {
    ProfileSpec script = ProfileSpec.simple("s", ProfileKind.IPXE, null, List.of(), null);
    ProfileSpec local = ProfileSpec.simple("l", ProfileKind.LOCAL, null, List.of(), null);
    ProfileSpec menu =
        new ProfileSpec(
            "m",
            null,
            ProfileKind.MENU,
            null,
            List.of(),
            null,
            null,
            Optional.empty(),
            null,
            Map.of(),
            Map.of(),
            0,
            Optional.empty(),
            Optional.of(new MenuSpec(List.of(linux("k/signed"), script, local), "l", 5)));
    List<String> p = SecureBootCheck.problems(menu, root);
    assertEquals(1, p.size(), "" + p);
    assertTrue(p.get(0).startsWith("entry 's': an iPXE script cannot run"), p.get(0));
  }
}
