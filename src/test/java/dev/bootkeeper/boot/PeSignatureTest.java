package dev.bootkeeper.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PE/COFF headers written field by field: a DOS stub whose e_lfanew (offset 0x3c) points at
 * "PE\0\0", a 20-byte COFF header, then an optional header whose data directory 4 is the
 * certificate table.
 */
class PeSignatureTest {

  @TempDir Path dir;

  private static final int PE_AT = 0x80;
  private static final int OPTIONAL_AT = PE_AT + 24;

  /** A PE32+ image of {@code size} bytes whose certificate table is (offset, length). */
  static ByteBuffer pe32plus(int size, int certOffset, int certLength) {
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    b.put(0, (byte) 'M').put(1, (byte) 'Z');
    b.putInt(0x3c, PE_AT);
    b.putInt(PE_AT, 0x00004550); // "PE\0\0"
    b.putShort(PE_AT + 4, (short) 0x8664); // machine: x86-64
    b.putShort(PE_AT + 20, (short) 240); // size of the optional header
    b.putShort(OPTIONAL_AT, (short) 0x20b); // PE32+
    b.putInt(OPTIONAL_AT + 108, 16); // NumberOfRvaAndSizes
    b.putInt(OPTIONAL_AT + 112 + 4 * 8, certOffset);
    b.putInt(OPTIONAL_AT + 112 + 4 * 8 + 4, certLength);
    return b;
  }

  /** WIN_CERTIFICATE: dwLength, wRevision 0x0200, wCertificateType. */
  static void certificate(ByteBuffer b, int at, int length, int type) {
    b.putInt(at, length);
    b.putShort(at + 4, (short) 0x0200);
    b.putShort(at + 6, (short) type);
  }

  private PeSignature.Result check(ByteBuffer b) throws IOException {
    Path f = dir.resolve("vmlinuz-" + System.nanoTime());
    Files.write(f, Arrays.copyOf(b.array(), b.limit()));
    return PeSignature.of(f);
  }

  @Test
  void aCertificateTableWithPkcs7SignedDataIsSigned() throws IOException {
    ByteBuffer b = pe32plus(2048, 1024, 512);
    certificate(b, 1024, 512, 2);
    assertEquals(PeSignature.Result.SIGNED, check(b));
  }

  @Test
  void noCertificateTableIsUnsigned() throws IOException {
    assertEquals(PeSignature.Result.UNSIGNED, check(pe32plus(2048, 0, 0)));
  }

  @Test
  void aCertificateOfAnotherTypeIsNotASignature() throws IOException {
    ByteBuffer b = pe32plus(2048, 1024, 512);
    certificate(b, 1024, 512, 1); // X.509 alone: not an Authenticode signature
    assertEquals(PeSignature.Result.UNSIGNED, check(b));
  }

  @Test
  void aCertificateTablePastTheEndOfTheFileIsUnsigned() throws IOException {
    assertEquals(PeSignature.Result.UNSIGNED, check(pe32plus(2048, 1900, 512)));
  }

  @Test
  void tooFewDataDirectoriesMeansNoCertificateTable() throws IOException {
    ByteBuffer b = pe32plus(2048, 1024, 512);
    certificate(b, 1024, 512, 2);
    b.putInt(OPTIONAL_AT + 108, 4); // directories 0-3 only
    assertEquals(PeSignature.Result.UNSIGNED, check(b));
  }

  @Test
  void aPe32ImageHasItsDirectoriesAtAnotherOffset() throws IOException {
    ByteBuffer b = ByteBuffer.allocate(2048).order(ByteOrder.LITTLE_ENDIAN);
    b.put(0, (byte) 'M').put(1, (byte) 'Z');
    b.putInt(0x3c, PE_AT);
    b.putInt(PE_AT, 0x00004550);
    b.putShort(OPTIONAL_AT, (short) 0x10b); // PE32
    b.putInt(OPTIONAL_AT + 92, 16);
    b.putInt(OPTIONAL_AT + 96 + 32, 1024);
    b.putInt(OPTIONAL_AT + 96 + 36, 256);
    certificate(b, 1024, 256, 2);
    assertEquals(PeSignature.Result.SIGNED, check(b));
  }

  @Test
  void aBzImageWithoutEfiStubOrAnyOtherFileIsNotPe() throws IOException {
    assertEquals(PeSignature.Result.NOT_PE, check(ByteBuffer.wrap("#!ipxe\n".getBytes())));
    ByteBuffer mz = pe32plus(2048, 0, 0);
    mz.putInt(PE_AT, 0); // "MZ" but no PE signature where e_lfanew points
    assertEquals(PeSignature.Result.NOT_PE, check(mz));
    ByteBuffer far = pe32plus(2048, 0, 0);
    far.putInt(0x3c, 0x7fff_0000); // e_lfanew beyond the file
    assertEquals(PeSignature.Result.NOT_PE, check(far));
    assertEquals(PeSignature.Result.NOT_PE, check(ByteBuffer.allocate(0)));
  }
}
