package dev.bootkeeper.boot;

import java.util.Optional;

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

  /**
   * {@link #lookup} when the answer is at hand without the database, a render or a read from disk
   * (a {@code stat} of the file aside): a static file, or a config rendered before and still
   * current. Empty when the lookup has to wait: then call {@link #lookup} from a worker thread. For
   * an event loop.
   *
   * @param client the client as {@link ClientDirectory#identifyWithoutWaiting} identified it for
   *     this path: it is not identified again
   */
  default Optional<FileLookup> lookupWithoutWaiting(String requestedPath, BootClient client) {
    return Optional.empty();
  }
}
