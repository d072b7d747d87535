package dev.bootkeeper.iso;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader on ISOs that xorriso builds in each naming variant, and on broken ones. */
class IsoReaderTest {

  @TempDir static Path dir;
  static Path source;

  static final byte[] KERNEL = bytes("kernel ", 5000);
  static final byte[] INITRD = bytes("initrd ", 70000);

  @BeforeAll
  static void tree() throws IOException {
    source = dir.resolve("src");
    Path boot = Files.createDirectories(source.resolve("sysresccd/boot/x86_64"));
    Files.write(boot.resolve("vmlinuz"), KERNEL);
    Files.write(boot.resolve("sysresccd.img"), INITRD);
    Files.writeString(source.resolve("readme.txt"), "hello\n");
    Files.write(source.resolve("empty"), new byte[0]);
    Path deep = Files.createDirectories(source.resolve("a/b/c/d/e/f/g/h/i/j"));
    Files.writeString(deep.resolve("deep.txt"), "deep\n");
    Files.createSymbolicLink(source.resolve("kernel"), Path.of("sysresccd/boot/x86_64/vmlinuz"));
    Files.createSymbolicLink(source.resolve("abs"), Path.of("/readme.txt"));
    Files.createSymbolicLink(source.resolve("out"), Path.of("../../etc/passwd"));
    Files.createSymbolicLink(source.resolve("loop"), Path.of("loop"));
    Files.createSymbolicLink(source.resolve("bootdir"), Path.of("sysresccd/boot"));
  }

  static byte[] bytes(String pattern, int n) {
    byte[] p = pattern.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      out[i] = p[i % p.length];
    }
    return out;
  }

  /** xorriso writes Rock Ridge unless told {@code --norock}, and ISO level 1 unless told. */
  static IsoTree build(String name, String... options) throws Exception {
    Path iso = Xorriso.mkisofs(source, dir.resolve(name), "RESCUE1200", options);
    return IsoReader.read(IsoSource.of(Files.readAllBytes(iso)));
  }

  static byte[] content(String iso, IsoTree tree, String path) throws IOException {
    IsoLookup l = tree.find(path);
    IsoLookup.Found f = assertInstanceOf(IsoLookup.Found.class, l, path + " is found: " + l);
    return Xorriso.region(dir.resolve(iso), f.file().offset(), f.file().length());
  }

  @Test
  void rockRidgeNamesLinksAndLabel() throws Exception {
    IsoTree t = build("rr.iso", "-R");
    assertEquals(IsoTree.Naming.ROCK_RIDGE, t.naming());
    assertEquals("RESCUE1200", t.volumeLabel());
    assertArrayEquals(KERNEL, content("rr.iso", t, "sysresccd/boot/x86_64/vmlinuz"));
    assertArrayEquals(INITRD, content("rr.iso", t, "sysresccd/boot/x86_64/sysresccd.img"));
    assertArrayEquals(new byte[0], content("rr.iso", t, "empty"));
    assertArrayEquals("deep\n".getBytes(), content("rr.iso", t, "a/b/c/d/e/f/g/h/i/j/deep.txt"));
    // Links stay inside the image: relative, absolute (from the ISO's root), through a folder.
    assertArrayEquals(KERNEL, content("rr.iso", t, "kernel"));
    assertArrayEquals("hello\n".getBytes(), content("rr.iso", t, "abs"));
    assertArrayEquals(KERNEL, content("rr.iso", t, "bootdir/x86_64/vmlinuz"));
    assertInstanceOf(IsoLookup.Refused.class, t.find("out"));
    assertInstanceOf(IsoLookup.Refused.class, t.find("loop"));
    assertInstanceOf(IsoLookup.Missing.class, t.find("sysresccd/boot"), "a folder is no file");
    assertInstanceOf(IsoLookup.Missing.class, t.find("sysresccd/boot/x86_64/VMLINUZ"));
    assertInstanceOf(IsoLookup.Missing.class, t.find("readme.txt/x"));
  }

  @Test
  void jolietNamesKeepTheirCase() throws Exception {
    IsoTree t = build("joliet.iso", "--norock", "-J");
    assertEquals(IsoTree.Naming.JOLIET, t.naming());
    assertEquals("RESCUE1200", t.volumeLabel());
    assertArrayEquals(KERNEL, content("joliet.iso", t, "sysresccd/boot/x86_64/vmlinuz"));
    assertArrayEquals(INITRD, content("joliet.iso", t, "sysresccd/boot/x86_64/sysresccd.img"));
  }

  @Test
  void rockRidgeWinsOverJoliet() throws Exception {
    IsoTree t = build("both.iso", "-R", "-J");
    assertEquals(IsoTree.Naming.ROCK_RIDGE, t.naming());
    assertArrayEquals(KERNEL, content("both.iso", t, "kernel"));
  }

  @Test
  void plainNamesAsLinuxShowsThem() throws Exception {
    for (String level : new String[] {"1", "2", "3"}) {
      String name = "level" + level + ".iso";
      IsoTree t = build(name, "--norock", "-iso-level", level);
      assertEquals(IsoTree.Naming.ISO9660, t.naming());
      assertArrayEquals("hello\n".getBytes(), content(name, t, "readme.txt"), name);
      assertArrayEquals(new byte[0], content(name, t, "empty"), name);
      assertTrue(t.files().stream().anyMatch(f -> f.endsWith("/vmlinuz")), t.files().toString());
    }
    IsoTree level3 = build("level3b.iso", "--norock", "-iso-level", "3");
    assertArrayEquals(
        INITRD, content("level3b.iso", level3, "sysresccd/boot/x86_64/sysresccd.img"));
  }

  /**
   * As distributions ship their ISOs: El Torito BIOS and UEFI boot images, the boot catalog, an EFI
   * system partition appended after the ISO and the file system moved 16 blocks in (as
   * SystemRescue's and Arch's {@code xorriso} calls do, for booting from a USB stick).
   */
  @Test
  void aBootableHybridIsoAsDistributionsShipIt() throws Exception {
    Path src = dir.resolve("hybrid-src");
    Path boot = Files.createDirectories(src.resolve("sysresccd/boot/x86_64"));
    Files.write(boot.resolve("vmlinuz"), KERNEL);
    Path isolinux = Files.createDirectories(src.resolve("isolinux"));
    Files.write(isolinux.resolve("isolinux.bin"), bytes("boot loader ", 4096));
    Path efi = Files.createDirectories(src.resolve("EFI/archiso"));
    Files.write(efi.resolve("efiboot.img"), new byte[64 * 1024]);
    Path esp = dir.resolve("esp.img");
    Files.write(esp, new byte[256 * 1024]);
    Path iso =
        Xorriso.mkisofs(
            src,
            dir.resolve("hybrid.iso"),
            "RESCUE1200",
            "-R",
            "-J",
            "-b",
            "isolinux/isolinux.bin",
            "-c",
            "isolinux/boot.cat",
            "-no-emul-boot",
            "-boot-load-size",
            "4",
            "-boot-info-table",
            "-eltorito-alt-boot",
            "-e",
            "EFI/archiso/efiboot.img",
            "-no-emul-boot",
            "-append_partition",
            "2",
            "0xef",
            esp.toString(),
            "-partition_offset",
            "16");
    IsoTree t = IsoReader.read(IsoSource.of(Files.readAllBytes(iso)));
    assertEquals("RESCUE1200", t.volumeLabel());
    assertArrayEquals(KERNEL, content("hybrid.iso", t, "sysresccd/boot/x86_64/vmlinuz"));
    assertInstanceOf(IsoLookup.Found.class, t.find("isolinux/boot.cat"));
    assertInstanceOf(IsoLookup.Found.class, t.find("EFI/archiso/efiboot.img"));
  }

  @Test
  void relocatedDeepDirectoriesAreFollowed() throws Exception {
    Path iso = dir.resolve("deep.iso");
    Xorriso.nativeCommands(
        iso,
        "-compliance",
        "deep_paths_off",
        "-rr_reloc_dir",
        "RR_MOVED",
        "-rockridge",
        "on",
        "-outdev",
        iso.toString(),
        "-volid",
        "DEEP",
        "-map",
        source.toString(),
        "/",
        "-commit");
    IsoTree t = IsoReader.read(IsoSource.of(Files.readAllBytes(iso)));
    IsoLookup.Found f =
        assertInstanceOf(IsoLookup.Found.class, t.find("a/b/c/d/e/f/g/h/i/j/deep.txt"));
    assertArrayEquals(
        "deep\n".getBytes(), Xorriso.region(iso, f.file().offset(), f.file().length()));
    assertTrue(
        t.files().stream().noneMatch(p -> p.toLowerCase().startsWith("rr_moved/")),
        "the relocated tree is shown where it belongs only: " + t.files());
  }

  @Test
  void aMultiExtentFileIsRefusedByName() throws Exception {
    build("multi.iso", "-R");
    byte[] iso = Files.readAllBytes(dir.resolve("multi.iso"));
    int record = Fixtures.record(iso, "README.TXT;1");
    iso[record + 25] |= (byte) 0x80;
    IsoTree t = IsoReader.read(IsoSource.of(iso));
    IsoLookup.Refused r = assertInstanceOf(IsoLookup.Refused.class, t.find("readme.txt"));
    assertTrue(r.reason().contains("over 4 GiB"), r.reason());
    assertInstanceOf(IsoLookup.Found.class, t.find("sysresccd/boot/x86_64/vmlinuz"));
  }

  @Test
  void brokenImagesAreRefusedWithAReason() throws Exception {
    build("good.iso", "-R", "-J");
    byte[] good = Files.readAllBytes(dir.resolve("good.iso"));

    assertRefused(Arrays.copyOf(good, 40 * 2048), "truncated");
    assertRefused(new byte[0], "not an ISO 9660 image");
    assertRefused(new byte[100 * 2048], "not an ISO 9660 image");

    byte[] loop = good.clone();
    int sub = Fixtures.record(loop, "X86_64");
    System.arraycopy(loop, Fixtures.rootRecord() + 2, loop, sub + 2, 8);
    assertRefused(loop, "loop");

    byte[] past = good.clone();
    int kernel = Fixtures.record(past, "VMLINUZ.;1");
    Fixtures.both32(past, kernel + 10, 0x7fff_0000L);
    assertRefused(past, "past the end");

    byte[] hugeDir = good.clone();
    Fixtures.both32(hugeDir, Fixtures.record(hugeDir, "X86_64") + 10, 0xffff_ffffL);
    assertRefused(hugeDir, "absurdly large");

    byte[] badRecord = good.clone();
    badRecord[Fixtures.record(badRecord, "README.TXT;1")] = 20;
    assertRefused(badRecord, "malformed directory record");

    byte[] blockSize = good.clone();
    blockSize[16 * 2048 + 128] = 0;
    blockSize[16 * 2048 + 129] = 2;
    assertRefused(blockSize, "block size");
  }

  @Test
  void udfOnlyIsNamed() {
    assertRefused(Fixtures.udfOnly(), "UDF (Windows ISOs) is not supported yet");
  }

  static void assertRefused(byte[] image, String why) {
    IsoException e =
        assertThrows(IsoException.class, () -> IsoReader.read(IsoSource.of(image)), why);
    assertTrue(e.getMessage().contains(why), e.getMessage() + " should say " + why);
  }
}
