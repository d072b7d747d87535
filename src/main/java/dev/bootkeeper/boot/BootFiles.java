package dev.bootkeeper.boot;

/**
 * The virtual file tree every file-serving protocol reads: static files under the images directory
 * plus files rendered per client ({@code pxelinux.cfg/01-<mac>}, {@code grub/grub.cfg}, …).
 * Implementations may block (disk, database): call them off the event loop.
 */
public interface BootFiles {

  /**
   * @param requestedPath the path exactly as the client sent it (may contain a leading slash,
   *     backslashes, {@code ..}: the lookup normalises it or refuses it)
   */
  FileLookup lookup(String requestedPath, BootClient client);
}
