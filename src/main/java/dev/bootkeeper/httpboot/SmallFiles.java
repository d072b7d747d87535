package dev.bootkeeper.httpboot;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Small boot files kept in memory: loader modules, signatures, checksum files, menus. For a file of
 * a few KiB, opening it and handing it to {@code sendfile} costs several times what writing the
 * bytes does (a file descriptor, a cleaner, a separate write for the headers); a flood of requests
 * for a 1.5 KB file spent most of the event loop's time there.
 *
 * <p>A file is known by its path, the region served, its size, modification time and file key
 * (inode): a file replaced or rewritten in place is a new entry, read again, so what is served is
 * always what is on disk at the moment of the request's look-up. Entries are filled off the event
 * loop after a first answer by sendfile; when the whole budget is used, the cache starts again
 * empty (bounded, and a boot's small files are few).
 */
final class SmallFiles {

  /** Files up to this size are kept. */
  static final long MAX_FILE_BYTES = 64 * 1024;

  /** The most bytes kept in all. */
  static final long MAX_TOTAL_BYTES = 32L * 1024 * 1024;

  /** One region of one version of a file. */
  record Key(Path path, long offset, long size, FileTime modified, Object fileKey) {

    static Key of(Path path, long offset, long size, BasicFileAttributes attributes) {
      return new Key(path, offset, size, attributes.lastModifiedTime(), attributes.fileKey());
    }
  }

  private final Map<Key, Buffer> files = new ConcurrentHashMap<>();
  private final Map<Key, Boolean> loading = new ConcurrentHashMap<>();
  private final AtomicLong bytes = new AtomicLong();

  static boolean worthKeeping(long size) {
    return size <= MAX_FILE_BYTES;
  }

  /** The bytes of this version of the file, when kept. Never waits. */
  Buffer get(Key key) {
    return files.get(key);
  }

  /**
   * Whether the caller should load the file: true once per key while it is neither kept nor being
   * loaded, so a burst of requests for a new file reads it once.
   */
  boolean claimLoad(Key key) {
    return worthKeeping(key.size())
        && !files.containsKey(key)
        && loading.putIfAbsent(key, Boolean.TRUE) == null;
  }

  /**
   * Reads the file and keeps it. Blocks on disk: call it off the event loop, after {@link
   * #claimLoad}. Keeps nothing when the file changed meanwhile (the next request sees the new
   * version and loads that).
   */
  void load(Key key) {
    try {
      ByteBuffer content = ByteBuffer.allocate(Math.toIntExact(key.size()));
      try (FileChannel ch = FileChannel.open(key.path(), StandardOpenOption.READ)) {
        while (content.hasRemaining()) {
          if (ch.read(content, key.offset() + content.position()) < 0) {
            return;
          }
        }
      }
      BasicFileAttributes after = Files.readAttributes(key.path(), BasicFileAttributes.class);
      if (!after.lastModifiedTime().equals(key.modified())
          || !Objects.equals(after.fileKey(), key.fileKey())) {
        return;
      }
      if (bytes.addAndGet(key.size()) > MAX_TOTAL_BYTES) {
        files.clear();
        bytes.set(key.size());
      }
      files.put(key, Buffer.buffer(content.array()));
    } catch (IOException | ArithmeticException e) {
      // Not kept: sendfile serves it, and reports what goes wrong to the client that asked.
    } finally {
      loading.remove(key);
    }
  }
}
