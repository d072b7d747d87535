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

  private final long maxBytes;
  private final long maxFileBytes;
  private final LinkedHashMap<Path, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
  private final ConcurrentHashMap<Path, CompletableFuture<Optional<Entry>>> loading =
      new ConcurrentHashMap<>();
  private long bytes;

  FileCache(long maxBytes, long maxFileBytes) {
    this.maxBytes = Math.max(0, maxBytes);
    this.maxFileBytes = Math.min(Math.max(0, maxFileBytes), Math.min(this.maxBytes, 1L << 30));
  }

  /** The file's bytes from memory, or empty when it is too big to cache (stream it instead). */
  Optional<byte[]> get(Path path) throws IOException {
    BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
    long size = attrs.size();
    long modified = attrs.lastModifiedTime().toMillis();
    if (size > maxFileBytes) {
      return Optional.empty();
    }
    synchronized (this) {
      Entry e = entries.get(path);
      if (e != null && e.size == size && e.modified == modified) {
        return Optional.of(e.content);
      }
    }
    CompletableFuture<Optional<Entry>> mine = new CompletableFuture<>();
    CompletableFuture<Optional<Entry>> shared = loading.putIfAbsent(path, mine);
    if (shared != null) {
      try {
        Optional<Entry> e = shared.get();
        if (e.isPresent() && e.get().size == size && e.get().modified == modified) {
          return Optional.of(e.get().content);
        }
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for " + path);
      } catch (ExecutionException ex) {
        // the sharing read failed: read on our own below
      }
      return Optional.of(readAll(path, size));
    }
    try {
      byte[] content = readAll(path, size);
      BasicFileAttributes after = Files.readAttributes(path, BasicFileAttributes.class);
      Entry e = new Entry(size, modified, content);
      // A file that changed while it was read is served but not cached.
      if (after.size() == size && after.lastModifiedTime().toMillis() == modified) {
        put(path, e);
      }
      mine.complete(Optional.of(e));
      return Optional.of(content);
    } catch (IOException | RuntimeException ex) {
      mine.completeExceptionally(ex);
      throw ex;
    } finally {
      loading.remove(path, mine);
    }
  }

  synchronized long bytes() {
    return bytes;
  }

  private synchronized void put(Path path, Entry e) {
    Entry old = entries.put(path, e);
    if (old != null) {
      bytes -= old.content.length;
    }
    bytes += e.content.length;
    Iterator<Map.Entry<Path, Entry>> it = entries.entrySet().iterator();
    while (bytes > maxBytes && it.hasNext()) {
      Map.Entry<Path, Entry> eldest = it.next();
      if (eldest.getKey().equals(path)) {
        continue;
      }
      bytes -= eldest.getValue().content.length;
      it.remove();
    }
  }

  static byte[] readAll(Path path, long size) throws IOException {
    if (size > Integer.MAX_VALUE - 16) {
      throw new IOException(path + " is too large to hold in memory");
    }
    byte[] content = new byte[(int) size];
    ByteBuffer buf = ByteBuffer.wrap(content);
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      while (buf.hasRemaining()) {
        if (ch.read(buf, buf.position()) < 0) {
          throw new IOException(path + " shrank while being read");
        }
      }
    }
    return content;
  }
}
