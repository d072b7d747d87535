package dev.bootkeeper.boot;

import java.nio.file.Path;

/**
 * A file a client may download: either a file on disk under the images directory, or bytes rendered
 * for this client (pxelinux, iPXE, GRUB configs). Both know their exact size up front, so TFTP can
 * answer {@code tsize} and HTTP can send {@code Content-Length}.
 */
public sealed interface BootFile {

  /** The normalised path the client asked for, relative to the images directory. */
  String name();

  long size();

  /**
   * {@code size} bytes at {@code offset} of the file at {@code path}: a whole file (offset 0), or a
   * file inside an ISO, which is one extent of the ISO file. Served the same way either way.
   */
  record OnDisk(String name, Path path, long offset, long size) implements BootFile {

    /** A whole file. */
    public OnDisk(String name, Path path, long size) {
      this(name, path, 0, size);
    }
  }

  record Rendered(String name, byte[] content) implements BootFile {
    public Rendered {
      content = content.clone();
    }

    @Override
    public byte[] content() {
      return content.clone();
    }

    @Override
    public long size() {
      return content.length;
    }
  }
}
