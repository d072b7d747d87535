package dev.bootkeeper.tftp;

import dev.bootkeeper.boot.BootClient;
import dev.bootkeeper.boot.BootFile;
import dev.bootkeeper.boot.BootFiles;
import dev.bootkeeper.boot.FailureReason;
import dev.bootkeeper.boot.FileLookup;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Executor;

/**
 * Finds the file a read request names and gets its bytes ready: rendered configs and cached files
 * from memory, netascii converted in memory, anything else read ahead from disk once the transfer
 * runs. Lookups and reads block, so {@link #prepare} runs on the I/O pool.
 */
final class TransferFiles {

  /** netascii is converted in memory; boot clients use octet, so a modest limit suffices. */
  static final long NETASCII_MAX = 64L * 1024 * 1024;

  private final BootFiles files;
  private final FileCache cache;

  TransferFiles(BootFiles files, FileCache cache) {
    this.files = files;
    this.cache = cache;
  }

  /** On the I/O pool: the lookup, and the bytes when they come from memory. */
  PreparedFile prepare(String requested, TransferMode mode, BootClient client) {
    FileLookup lookup;
    try {
      lookup = files.lookup(requested, client);
    } catch (RuntimeException e) {
      // One line for the log: a machine in a boot loop asks again every few seconds.
      return new PreparedFile.Broken(
          requested, FailureReason.SERVER_ERROR, "lookup failed: " + oneLine(e.toString()));
    }
    if (lookup instanceof FileLookup.Missing m) {
      return new PreparedFile.Missing(m.path());
    }
    if (lookup instanceof FileLookup.Refused r) {
      return new PreparedFile.Refused(r.path(), r.reason());
    }
    BootFile file = ((FileLookup.Found) lookup).file();
    try {
      byte[] content = null;
      Path path = null;
      long offset = 0;
      long size;
      if (file instanceof BootFile.Rendered r) {
        content = r.content();
        size = content.length;
      } else {
        BootFile.OnDisk d = (BootFile.OnDisk) file;
        path = d.path();
        offset = d.offset();
        content = cache.get(path, offset, d.size()).orElse(null);
        size = content != null ? content.length : d.size();
      }
      if (mode == TransferMode.NETASCII) {
        if (content == null) {
          if (size > NETASCII_MAX) {
            return new PreparedFile.Broken(
                file.name(), FailureReason.BAD_REQUEST, "too large for netascii mode");
          }
          content = FileCache.readAll(path, offset, size);
        }
        content = Netascii.encode(content);
        size = content.length;
      }
      return new PreparedFile.Ready(file.name(), size, content, path, offset);
    } catch (IOException e) {
      return new PreparedFile.Broken(
          file.name(), FailureReason.IO_ERROR, "cannot read: " + e.getMessage());
    }
  }

  private static String oneLine(String s) {
    return s.replaceAll("\\s+", " ");
  }

  /**
   * The blocks of an admitted request: its bytes when in memory, else the file read ahead on the
   * I/O pool one window at a time, handed to the transfer's event loop.
   */
  static BlockSource open(TransferRequest r, Executor ioPool, EventLoop transferLoop) {
    if (r.content() != null) {
      return BlockSource.of(r.content());
    }
    return new ReadAheadSource(
        r.path(),
        r.offset(),
        r.size(),
        r.options().blksize() * r.options().windowsize(),
        ioPool,
        transferLoop);
  }
}
