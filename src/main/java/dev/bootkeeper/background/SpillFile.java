package dev.bootkeeper.background;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * A first-in, first-out overflow on disk for a {@link BatchWriter} whose queue is full: a storm
 * that outruns the database for longer than the queue holds lands here instead of being dropped,
 * and the writer takes it back, in order, once the queue is empty. It is not a journal: nothing is
 * forced to disk and a stale file is removed at start, because what it holds is the tail of the
 * queue, which a crash loses anyway.
 *
 * <p>Records are an {@code int} length and the codec's bytes. Appends collect in a memory buffer
 * and reach the file when it holds {@link #FLUSH_AT} bytes or when the reader has caught up with
 * the file. The file is cut back to empty each time the reader catches up with the last append, so
 * it only grows while a storm lasts. Appends beyond {@code maxBytes} are refused (the caller counts
 * them as dropped).
 */
public final class SpillFile<T> implements AutoCloseable {

  /** Writes one item and reads it back; {@code read} sees exactly the bytes {@code write} wrote. */
  public interface Codec<T> {
    void write(T item, DataOutput out) throws IOException;

    T read(DataInput in) throws IOException;
  }

  private static final Logger LOG = Logger.getLogger(SpillFile.class);
  static final int FLUSH_AT = 64 * 1024;
  private static final int READ_CHUNK = 256 * 1024;
  private static final long FAILURE_LOG_INTERVAL_NANOS = 60_000_000_000L;

  private final Path path;
  private final long maxBytes;
  private final Codec<T> codec;
  private final ByteArrayOutputStream record = new ByteArrayOutputStream(256);
  private final DataOutputStream recordOut = new DataOutputStream(record);
  private final ByteArrayOutputStream unflushed = new ByteArrayOutputStream(FLUSH_AT + 4096);
  private final DataOutputStream unflushedOut = new DataOutputStream(unflushed);
  private ByteBuffer chunk = ByteBuffer.allocate(READ_CHUNK);
  private FileChannel file;
  private long fileBytes;
  private long readAt;
  private long items;
  private long lost;
  private long failures;
  private long lastFailureLogged;

  /** True from the first append until a take has emptied it: new items must queue behind. */
  private volatile boolean holding;

  /**
   * @param path the file; created at the first append, removed by {@link #close}
   * @param maxBytes the most bytes it holds (records and their lengths)
   */
  public SpillFile(Path path, long maxBytes, Codec<T> codec) {
    this.path = path;
    this.maxBytes = maxBytes;
    this.codec = codec;
  }

  /** Removes the file a process that was killed left behind. */
  public void removeStale() {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.warnf("could not remove %s: %s", path, e.getMessage());
    }
  }

  /** Whether it holds items: while it does, new items belong behind them, not in the queue. */
  public boolean holding() {
    return holding;
  }

  /** Items held now. */
  public synchronized long size() {
    return items;
  }

  /** Items that were appended but could not be read back (an I/O error); they are gone. */
  public synchronized long lost() {
    return lost;
  }

  /**
   * Appends an item; false when it is full (nothing is kept). An item taken here may still be lost
   * with the others if the file cannot be written: {@link #lost} counts those.
   */
  public synchronized boolean append(T item) {
    try {
      record.reset();
      codec.write(item, recordOut);
      long total = fileBytes - readAt + unflushed.size();
      if (total + Integer.BYTES + record.size() > maxBytes) {
        return false;
      }
      unflushedOut.writeInt(record.size());
      record.writeTo(unflushedOut);
    } catch (IOException e) {
      throw new UncheckedIOException("encoding into memory cannot fail", e);
    }
    items++;
    holding = true;
    if (unflushed.size() >= FLUSH_AT) {
      try {
        flush();
      } catch (IOException e) {
        failed("write", e);
      }
    }
    return true;
  }

  /**
   * Moves up to {@code max} of the oldest items into {@code into}, in the order they were appended.
   *
   * @return how many it moved
   */
  public synchronized int takeInto(List<T> into, int max) {
    int taken = 0;
    try {
      while (taken < max && items > 0) {
        if (readAt == fileBytes) {
          flush();
        }
        int got = readSome(into, max - taken);
        if (got == 0) {
          throw new IOException("no complete record at offset " + readAt + " of " + fileBytes);
        }
        taken += got;
        items -= got;
      }
      if (items == 0) {
        emptied();
      }
    } catch (IOException e) {
      failed("read", e);
    }
    return taken;
  }

  /** Removes the file; what it still holds is gone. */
  @Override
  public synchronized void close() {
    closeFile();
    removeStale();
    items = 0;
    unflushed.reset();
    holding = false;
  }

  /** Decodes the complete records of one chunk read at {@link #readAt}. */
  private int readSome(List<T> into, int max) throws IOException {
    chunk.clear();
    long want = Math.min(chunk.capacity(), fileBytes - readAt);
    chunk.limit((int) want);
    while (chunk.hasRemaining()) {
      if (file.read(chunk, readAt + chunk.position()) < 0) {
        throw new IOException("the file ends at " + (readAt + chunk.position()));
      }
    }
    chunk.flip();
    int got = 0;
    while (got < max && chunk.remaining() >= Integer.BYTES) {
      int length = chunk.getInt(chunk.position());
      if (length < 0 || length > maxBytes) {
        throw new IOException("a record of " + length + " bytes at offset " + readAt);
      }
      if (chunk.remaining() < Integer.BYTES + length) {
        if (got == 0 && Integer.BYTES + length > chunk.capacity()) {
          // One record larger than a chunk: read it with a chunk that fits.
          chunk = ByteBuffer.allocate(Integer.BYTES + length);
          return readSome(into, max);
        }
        break;
      }
      int start = chunk.position() + Integer.BYTES;
      into.add(
          codec.read(new DataInputStream(new ByteArrayInputStream(chunk.array(), start, length))));
      chunk.position(start + length);
      readAt += Integer.BYTES + length;
      got++;
    }
    return got;
  }

  private void flush() throws IOException {
    if (unflushed.size() == 0) {
      return;
    }
    if (file == null) {
      Files.createDirectories(path.toAbsolutePath().getParent());
      file =
          FileChannel.open(
              path,
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING);
    }
    ByteBuffer bytes = ByteBuffer.wrap(unflushed.toByteArray());
    while (bytes.hasRemaining()) {
      fileBytes += file.write(bytes, fileBytes);
    }
    unflushed.reset();
  }

  /** The reader caught up with the last append: the file starts over. */
  private void emptied() throws IOException {
    holding = false;
    if (file != null) {
      file.truncate(0);
    }
    fileBytes = 0;
    readAt = 0;
    if (chunk.capacity() > READ_CHUNK) {
      chunk = ByteBuffer.allocate(READ_CHUNK);
    }
  }

  private void failed(String what, IOException e) {
    // A full or read-only disk fails every flush of a storm, each on a publishing thread: one
    // line a minute says it, the count of what was lost is in lost().
    long now = System.nanoTime();
    if (failures++ == 0 || now - lastFailureLogged >= FAILURE_LOG_INTERVAL_NANOS) {
      lastFailureLogged = now;
      LOG.errorf(
          "could not %s the overflow file %s: %s (%d items it held are lost; %d failures so far)",
          what, path, e.getMessage(), items, failures);
    }
    lost += items;
    items = 0;
    unflushed.reset();
    closeFile();
    fileBytes = 0;
    readAt = 0;
    holding = false;
  }

  private void closeFile() {
    if (file == null) {
      return;
    }
    try {
      file.close();
    } catch (IOException e) {
      LOG.debugf("closing %s: %s", path, e.getMessage());
    }
    file = null;
  }
}
