package dev.bootkeeper.nbd;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One read-only export: a regular file served as a block device of {@code size} bytes.
 *
 * @param name the name clients ask for (at most 4096 UTF-8 bytes)
 * @param file the file whose bytes are served
 * @param size the export size in bytes, normally the file's size when it was looked up
 * @param description free text shown by {@code nbdinfo --list}, may be empty
 */
public record NbdExport(String name, Path file, long size, String description) {

  public NbdExport {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(file, "file");
    description = description == null ? "" : description;
    if (size < 0) {
      throw new IllegalArgumentException("negative export size " + size);
    }
  }
}
