package dev.bootkeeper.nbd;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One read-only export: {@code size} bytes of a regular file from {@code offset}, served as a block
 * device. The offset is 0 for a whole file, and a file's extent for a file inside an ISO.
 *
 * @param name the name clients ask for (at most 4096 UTF-8 bytes)
 * @param file the file whose bytes are served
 * @param offset where the export's first byte is in the file
 * @param size the export size in bytes, normally the file's size when it was looked up
 * @param description free text shown by {@code nbdinfo --list}, may be empty
 */
public record NbdExport(String name, Path file, long offset, long size, String description) {

  public NbdExport {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(file, "file");
    description = description == null ? "" : description;
    if (size < 0 || offset < 0) {
      throw new IllegalArgumentException("negative export size " + size + " or offset " + offset);
    }
  }

  /** A whole file. */
  public NbdExport(String name, Path file, long size, String description) {
    this(name, file, 0, size, description);
  }
}
