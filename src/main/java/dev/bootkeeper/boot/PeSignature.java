package dev.bootkeeper.boot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Whether an EFI binary (a kernel with its EFI stub, a chained loader) carries an Authenticode
 * signature, read from its PE/COFF headers: under Secure Boot, shim and GRUB refuse a binary
 * without one. Whose key signed it is not checked here; the firmware and shim decide that.
 *
 * <p>The signature is the certificate table, data directory 4 of the optional header (PE/COFF
 * specification, "The Attribute Certificate Table"): a file offset and size, pointing at a {@code
 * WIN_CERTIFICATE} whose type 2 is PKCS#7 signed data.
 */
public final class PeSignature {

  /** What was found. */
  public enum Result {
    SIGNED,
    UNSIGNED,
    /** Not a PE/COFF binary at all (no EFI stub): nothing UEFI can start under Secure Boot. */
    NOT_PE
  }

  private static final int HEADER_BYTES = 4096;
  private static final int PE32 = 0x10b;
  private static final int PE32_PLUS = 0x20b;
  private static final int CERTIFICATE_TABLE = 4;
  private static final int WIN_CERT_TYPE_PKCS_SIGNED_DATA = 2;

  private PeSignature() {}

  public static Result of(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer head = read(ch, 0, (int) Math.min(HEADER_BYTES, ch.size()));
      return of(head, ch);
    }
  }

  private static Result of(ByteBuffer b, FileChannel ch) throws IOException {
    if (b.limit() < 0x40 || b.get(0) != 'M' || b.get(1) != 'Z') {
      return Result.NOT_PE;
    }
    long pe = Integer.toUnsignedLong(b.getInt(0x3c));
    if (pe + 24 + 2 > b.limit() || b.getInt((int) pe) != 0x00004550) { // "PE\0\0"
      return Result.NOT_PE;
    }
    int optional = (int) pe + 24;
    int magic = Short.toUnsignedInt(b.getShort(optional));
    int countAt;
    int directoriesAt;
    if (magic == PE32_PLUS) {
      countAt = optional + 108;
      directoriesAt = optional + 112;
    } else if (magic == PE32) {
      countAt = optional + 92;
      directoriesAt = optional + 96;
    } else {
      return Result.NOT_PE;
    }
    int entry = directoriesAt + CERTIFICATE_TABLE * 8;
    if (entry + 8 > b.limit() || countAt + 4 > b.limit()) {
      return Result.NOT_PE;
    }
    if (Integer.toUnsignedLong(b.getInt(countAt)) <= CERTIFICATE_TABLE) {
      return Result.UNSIGNED;
    }
    // Unlike the other directories, this one holds a file offset, not an RVA.
    long offset = Integer.toUnsignedLong(b.getInt(entry));
    long size = Integer.toUnsignedLong(b.getInt(entry + 4));
    if (offset == 0 || size < 8 || offset + size > ch.size()) {
      return Result.UNSIGNED;
    }
    ByteBuffer cert = read(ch, offset, 8);
    int type = Short.toUnsignedInt(cert.getShort(6));
    return cert.limit() == 8 && type == WIN_CERT_TYPE_PKCS_SIGNED_DATA
        ? Result.SIGNED
        : Result.UNSIGNED;
  }

  private static ByteBuffer read(FileChannel ch, long position, int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (b.hasRemaining()) {
      if (ch.read(b, position + b.position()) < 0) {
        break;
      }
    }
    return b.flip();
  }
}
