package dev.bootkeeper.tftp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Streams a file too large for the cache. Reads happen on the I/O pool with positional {@link
 * FileChannel} reads, in chunks that hold a whole number of windows; while a transfer sends one
 * chunk the next is read ahead, so the event loop rarely waits. A window that does not line up with
 * the chunks (a resend after a loss) is read on its own. All state is touched on the transfer's
 * event loop only.
 */
final class ReadAheadSource implements BlockSource {

  private static final int TARGET_CHUNK = 256 * 1024;

  private final Path path;
  private final long base;
  private final long size;
  private final Executor io;
  private final Executor loop;
  private final long chunkBytes;

  private FileChannel channel;
  private boolean closed;
  private Chunk current;
  private Chunk next;

  /** A chunk being read or read; waiters are served when it arrives. */
  private final class Chunk {
    final long index;
    ByteBuffer data;
    String failure;
    long waitOffset = -1;
    int waitLength;
    Callback waiter;

    Chunk(long index) {
      this.index = index;
    }
  }

  /**
   * @param base where the served bytes start in the file: 0, or a file's extent inside an ISO
   */
  ReadAheadSource(Path path, long base, long size, int windowBytes, Executor io, Executor loop) {
    this.path = path;
    this.base = base;
    this.size = size;
    this.io = io;
    this.loop = loop;
    this.chunkBytes = (long) windowBytes * Math.max(1, TARGET_CHUNK / windowBytes);
  }

  @Override
  public void read(long offset, int length, Callback done) {
    long index = offset / chunkBytes;
    if (offset + length > (index + 1) * chunkBytes) {
      readExact(offset, length, done);
      return;
    }
    if (current == null || current.index != index) {
      current = next != null && next.index == index ? next : load(index);
      next = null;
    }
    if (next == null && (index + 1) * chunkBytes < size) {
      next = load(index + 1);
    }
    Chunk c = current;
    if (c.data != null || c.failure != null) {
      serve(c, offset, length, done);
    } else {
      c.waitOffset = offset;
      c.waitLength = length;
      c.waiter = done;
    }
  }

  private void serve(Chunk c, long offset, int length, Callback done) {
    if (c.failure != null) {
      done.failed(c.failure);
      return;
    }
    int from = (int) (offset - c.index * chunkBytes);
    if (from + length > c.data.limit()) {
      done.failed("file shrank while being served");
      return;
    }
    ByteBuffer b = c.data.duplicate();
    b.position(from).limit(from + length);
    done.bytes(b.slice());
  }

  private Chunk load(long index) {
    Chunk c = new Chunk(index);
    long offset = index * chunkBytes;
    int length = (int) Math.min(chunkBytes, size - offset);
    submit(
        offset,
        length,
        new Callback() {
          @Override
          public void bytes(ByteBuffer bytes) {
            c.data = bytes;
            wake(c);
          }

          @Override
          public void failed(String reason) {
            c.failure = reason;
            wake(c);
          }
        });
    return c;
  }

  private void wake(Chunk c) {
    if (c.waiter != null) {
      Callback w = c.waiter;
      c.waiter = null;
      serve(c, c.waitOffset, c.waitLength, w);
    }
  }

  private void readExact(long offset, int length, Callback done) {
    submit(offset, length, done);
  }

  /** Reads on the I/O pool and answers on the event loop. */
  private void submit(long offset, int length, Callback done) {
    try {
      io.execute(
          () -> {
            ByteBuffer buf = ByteBuffer.allocate(length);
            String failure = null;
            try {
              FileChannel ch = channel();
              while (buf.hasRemaining()) {
                int n = ch.read(buf, base + offset + buf.position());
                if (n < 0) {
                  failure = "file shrank while being served";
                  break;
                }
              }
            } catch (IOException e) {
              failure = e.toString();
            }
            buf.flip();
            String f = failure;
            loop.execute(
                () -> {
                  if (closed) {
                    return;
                  }
                  if (f != null) {
                    done.failed(f);
                  } else {
                    done.bytes(buf);
                  }
                });
          });
    } catch (RejectedExecutionException e) {
      loop.execute(() -> done.failed("I/O pool overloaded"));
    }
  }

  private synchronized FileChannel channel() throws IOException {
    if (channel == null) {
      if (closed) {
        throw new IOException("transfer closed");
      }
      channel = FileChannel.open(path, StandardOpenOption.READ);
    }
    return channel;
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException e) {
          // nothing left to do with a file we only read
        }
      }
    }
  }
}
