package dev.bootkeeper.tftp;

import java.nio.ByteBuffer;

/** Where a transfer's bytes come from: memory (cache, rendered file) or a file on disk. */
interface BlockSource {

  /** Answers exactly once, on the thread that {@code done} chooses (see implementations). */
  void read(long offset, int length, Callback done);

  void close();

  interface Callback {
    void bytes(ByteBuffer bytes);

    void failed(String reason);
  }

  /** Bytes already in memory: answered at once, on the caller's thread. */
  static BlockSource of(byte[] content) {
    return new BlockSource() {
      @Override
      public void read(long offset, int length, Callback done) {
        done.bytes(ByteBuffer.wrap(content, (int) offset, length).slice());
      }

      @Override
      public void close() {}
    };
  }
}
