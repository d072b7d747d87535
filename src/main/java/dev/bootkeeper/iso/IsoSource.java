package dev.bootkeeper.iso;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Where the reader gets an image's bytes: a file, or an array in the tests. */
public interface IsoSource {

  long size();

  /** Exactly {@code length} bytes at {@code offset}, or an exception. */
  byte[] read(long offset, int length) throws IOException;

  static IsoSource of(byte[] image) {
    byte[] bytes = image.clone();
    return new IsoSource() {
      @Override
      public long size() {
        return bytes.length;
      }

      @Override
      public byte[] read(long offset, int length) throws IOException {
        if (offset < 0 || length < 0 || offset + length > bytes.length) {
          throw new IOException("read past the end");
        }
        byte[] out = new byte[length];
        System.arraycopy(bytes, (int) offset, out, 0, length);
        return out;
      }
    };
  }

  static IsoSource of(FileChannel channel, long size) {
    return new IsoSource() {
      @Override
      public long size() {
        return size;
      }

      @Override
      public byte[] read(long offset, int length) throws IOException {
        if (offset < 0 || length < 0 || offset + length > size) {
          throw new IOException("read past the end");
        }
        ByteBuffer buf = ByteBuffer.allocate(length);
        long at = offset;
        while (buf.hasRemaining()) {
          int n = channel.read(buf, at);
          if (n < 0) {
            throw new IOException("the ISO file shrank while it was read");
          }
          at += n;
        }
        return buf.array();
      }
    };
  }
}
