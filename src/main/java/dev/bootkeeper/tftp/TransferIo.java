package dev.bootkeeper.tftp;

import java.nio.ByteBuffer;

/**
 * What a {@link Transfer} needs from the outside: sending, reading file bytes, and telling how it
 * ended. The network driver implements it on the transfer's event loop; tests use a fake.
 */
public interface TransferIo {

  /** Sends a non-DATA packet (OACK) to the client. */
  void send(TftpPacket packet);

  /** Queues one DATA packet; {@link #flush()} puts queued packets on the wire. */
  void sendData(int block, ByteBuffer payload);

  void flush();

  /**
   * Asks for the bytes {@code [offset, offset + length)} of the file. The answer comes back through
   * {@link Transfer#onBytes} or {@link Transfer#onReadFailed} with the same token, possibly before
   * this method returns.
   */
  void read(long token, long offset, int length);

  void finished(TransferResult result);
}
