package dev.bootkeeper.iso;

/** One name in an ISO's tree. */
public sealed interface IsoEntry {

  /** A regular file: {@code length} bytes at {@code offset} of the ISO file, one extent. */
  record File(long offset, long length) implements IsoEntry {}

  record Directory() implements IsoEntry {}

  /** A Rock Ridge symbolic link; resolved inside the image only (see {@link IsoTree#find}). */
  record Symlink(String target) implements IsoEntry {}

  /** A name the reader will not serve, such as a file over 4 GiB stored in several extents. */
  record Unsupported(String reason) implements IsoEntry {}
}
