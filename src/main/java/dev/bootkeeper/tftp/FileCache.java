package dev.bootkeeper.tftp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Whole files kept in memory, least recently used evicted first, up to a byte budget. Boot files
 * are fetched by every machine (loaders, kernels, initrds), so a storm of clients reads each once.
 * An entry is only used while the file's size and modification time are unchanged. Called on I/O
 * threads (it may read the disk); many clients asking for the same file at once share one read.
 */
final class FileCache {

  private record Entry(long size, long modified, byte[] content) {}

  /** A range of a file: the whole file, or one file inside an ISO. */
  private record Region(Path path, long offset, long length) {}

  private final long maxBytes;
  private final long maxFileBytes;
  private final LinkedHashMap<Region, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
  private final ConcurrentHashMap<Region, CompletableFuture<Optional<Entry>>> loading =
      new ConcurrentHashMap<>();
  private long bytes;

  FileCache(long maxBytes, long maxFileBytes) {
    this.maxBytes = Math.max(0, maxBytes);
    this.maxFileBytes = Math.min(Math.max(0, maxFileBytes), Math.min(this.maxBytes, 1L << 30));
  }

  /**
   * The bytes of {@code length} at {@code offset} of the file from memory, or empty when they are
   * too many to cache (stream them instead). An entry is valid while the whole file's size and
   * modification time are unchanged.
   */
  Optional<byte[]> get(Path file, long offset, long length) throws IOException {
    BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
    long size = attrs.size();
    long modified = attrs.lastModifiedTime().toMillis();
    if (length > maxFileBytes) {
      return Optional.empty();
    }
    if (offset + length > size) {
      throw new IOException(file + " is shorter than the file served from it");
    }
    Region key = new Region(file, offset, length);
    synchronized (this) {
      Entry e = entries.get(key);
      if (e != null && e.size == size && e.modified == modified) {
        return Optional.of(e.content);
      }
    }
    CompletableFuture<Optional<Entry>> mine = new CompletableFuture<>();
    CompletableFuture<Optional<Entry>> shared = loading.putIfAbsent(key, mine);
    if (shared != null) {
      try {
        Optional<Entry> e = shared.get();
        if (e.isPresent() && e.get().size == size && e.get().modified == modified) {
          return Optional.of(e.get().content);
        }
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for " + file);
      } catch (ExecutionException ex) {
        // the sharing read failed: read on our own below
      }
      return Optional.of(readAll(file, offset, length));
    }
    try {
      byte[] content = readAll(file, offset, length);
      BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class);
      Entry e = new Entry(size, modified, content);
      // A file that changed while it was read is served but not cached.
      if (after.size() == size && after.lastModifiedTime().toMillis() == modified) {
        put(key, e);
      }
      mine.complete(Optional.of(e));
      return Optional.of(content);
    } catch (IOException | RuntimeException ex) {
      mine.completeExceptionally(ex);
      throw ex;
    } finally {
      loading.remove(key, mine);
    }
  }

  synchronized long bytes() {
    return bytes;
  }

  private synchronized void put(Region key, Entry e) {
    Entry old = entries.put(key, e);
    if (old != null) {
      bytes -= old.content.length;
    }
    bytes += e.content.length;
    Iterator<Map.Entry<Region, Entry>> it = entries.entrySet().iterator();
    while (bytes > maxBytes && it.hasNext()) {
      Map.Entry<Region, Entry> eldest = it.next();
      if (eldest.getKey().equals(key)) {
        continue;
      }
      bytes -= eldest.getValue().content.length;
      it.remove();
    }
  }

  /** {@code size} bytes at {@code offset} of the file. */
  static byte[] readAll(Path path, long offset, long size) throws IOException {
    if (size > Integer.MAX_VALUE - 16) {
      throw new IOException(path + " is too large to hold in memory");
    }
    byte[] content = new byte[(int) size];
    ByteBuffer buf = ByteBuffer.wrap(content);
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      while (buf.hasRemaining()) {
        if (ch.read(buf, offset + buf.position()) < 0) {
          throw new IOException(path + " shrank while being read");
        }
      }
    }
    return content;
  }
}
