package dev.bootkeeper.tftp;

import dev.bootkeeper.boot.BootClient;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * A read request whose file is ready and whose options are agreed, from admission until its
 * transfer ends.
 *
 * @param content the bytes to send when they are in memory (rendered, cached or netascii), else
 *     null and {@code size} bytes from {@code offset} of {@code path} are read ahead from disk
 * @param queuedAtNanos when it was handed to admission, for the queue timeout
 * @param arrivedNanos when the request datagram arrived, to recognise a client's repeat
 */
record TransferRequest(
    InetSocketAddress from,
    BootClient client,
    String name,
    long size,
    byte[] content,
    Path path,
    long offset,
    TransferOptions options,
    long queuedAtNanos,
    long arrivedNanos) {}
