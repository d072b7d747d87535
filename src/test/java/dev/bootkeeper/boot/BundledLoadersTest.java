package dev.bootkeeper.boot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled loaders are laid out as the build lays them out, under a class path folder. */
class BundledLoadersTest {

  @TempDir Path classpath;
  @TempDir Path images;

  private final StringBuilder manifest =
      new StringBuilder("# Boot loaders in this folder: file, Debian package, version, sha256.\n");

  private void bundle(String file, byte[] bytes, String recordedSha256) throws IOException {
    Path p = classpath.resolve(BundledLoaders.BUNDLE).resolve(file);
    Files.createDirectories(p.getParent());
    Files.write(p, bytes);
    manifest.append(file).append("\tpkg\t1.0\t").append(recordedSha256).append('\n');
  }

  private void bundle(String file, String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    bundle(file, bytes, sha256(bytes));
  }

  private BundledLoaders.Result install() throws IOException {
    Path m = classpath.resolve(BundledLoaders.BUNDLE).resolve(BundledLoaders.MANIFEST);
    Files.createDirectories(m.getParent());
    Files.writeString(m, manifest);
    try (URLClassLoader source = new URLClassLoader(new URL[] {classpath.toUri().toURL()}, null)) {
      return BundledLoaders.install(source, new ImageRoot(images));
    }
  }

  @Test
  void missingLoadersArePutInPlaceWithTheirFolders() throws IOException {
    bundle("pxelinux.0", "pxelinux");
    bundle("grub/x86_64-efi/http.mod", "http module");
    BundledLoaders.Result r = install();
    assertTrue(r.bundled());
    assertEquals(List.of("pxelinux.0", "grub/x86_64-efi/http.mod"), r.installed());
    assertEquals("http module", Files.readString(images.resolve("grub/x86_64-efi/http.mod")));
  }

  @Test
  void aLoaderTheAdminPutThereIsNeverReplaced() throws IOException {
    Files.writeString(images.resolve("snponly.efi"), "the admin's own build");
    bundle("snponly.efi", "Debian's build");
    BundledLoaders.Result r = install();
    assertEquals(List.of("snponly.efi"), r.kept());
    assertEquals(List.of(), r.installed());
    assertEquals("the admin's own build", Files.readString(images.resolve("snponly.efi")));
  }

  @Test
  void aBundledFileThatDoesNotMatchItsManifestIsNotWritten() throws IOException {
    bundle("shimx64.efi", "tampered".getBytes(StandardCharsets.UTF_8), "00".repeat(32));
    BundledLoaders.Result r = install();
    assertEquals(List.of(), r.installed());
    assertEquals(1, r.refused().size());
    assertTrue(r.refused().get(0).startsWith("shimx64.efi: bundled copy does not match"));
    assertFalse(Files.exists(images.resolve("shimx64.efi")));
  }

  @Test
  void aManifestPathThatLeavesTheImagesDirectoryIsRefused() throws IOException {
    bundle("ok.efi", "fine");
    manifest.append("../escaped.efi\tpkg\t1.0\t").append("00".repeat(32)).append('\n');
    BundledLoaders.Result r = install();
    assertEquals(List.of("ok.efi"), r.installed());
    assertEquals(List.of("../escaped.efi: not a path inside the images directory"), r.refused());
    assertFalse(Files.exists(images.getParent().resolve("escaped.efi")));
  }

  @Test
  void aLinkPlantedInTheImagesDirectoryIsNotWrittenThrough(@TempDir Path outside)
      throws IOException {
    Files.createSymbolicLink(images.resolve("grub"), outside);
    bundle("grub/x86_64-efi/http.mod", "module");
    BundledLoaders.Result r = install();
    assertEquals(List.of(), r.installed());
    assertEquals(1, r.refused().size(), r.toString());
    try (var listing = Files.list(outside)) {
      assertEquals(0, listing.count());
    }
  }

  @Test
  void aBuildWithoutLoadersSaysSo() throws IOException {
    try (URLClassLoader empty = new URLClassLoader(new URL[] {classpath.toUri().toURL()}, null)) {
      BundledLoaders.Result r = BundledLoaders.install(empty, new ImageRoot(images));
      assertFalse(r.bundled());
    }
  }

  @Test
  void theAppliancesOwnFilesAndTheLoadersAreNotImages() throws IOException {
    Files.writeString(
        images.resolve(BundledLoaders.MANIFEST), "efi64/syslinux.efi\tsyslinux-efi\t3\tab\n");
    Set<String> notImages = Bootloaders.notImages(new ImageRoot(images));
    for (String name :
        List.of(
            "README.md",
            "bootloaders.manifest",
            "fetch-bootloaders.sh",
            "pxelinux.0",
            "shimx64.efi",
            "grubx64.efi",
            "grub",
            "efi64")) {
      assertTrue(notImages.contains(name), name);
    }
    assertFalse(notImages.contains("systemrescue-12.00"));
  }

  @Test
  void theBundledBytesAreCopiedExactly() throws IOException {
    byte[] binary = new byte[70_000];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) (i * 31);
    }
    bundle("ipxe.efi", binary, sha256(binary));
    install();
    assertArrayEquals(binary, Files.readAllBytes(images.resolve("ipxe.efi")));
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
