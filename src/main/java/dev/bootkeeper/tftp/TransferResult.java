package dev.bootkeeper.tftp;

import dev.bootkeeper.boot.FailureReason;

/**
 * How a transfer ended.
 *
 * @param cause why it did not complete; null when it did
 * @param reason the same in words, for the log and the boot trace
 * @param bytes the bytes the client acknowledged
 * @param retransmissions packets sent again after a timeout
 */
public record TransferResult(
    Kind kind, FailureReason cause, String reason, long bytes, long retransmissions) {

  public enum Kind {
    /** The client acknowledged the last block. */
    COMPLETED,
    /**
     * The client read the OACK and ended the transfer with an error: UEFI firmware does this to
     * learn a file's size (tsize probe), so it is normal.
     */
    ABORTED_AFTER_OPTIONS,
    /** The client sent an error, stopped answering, or the file could not be read. */
    FAILED,
    /** The client started a new request from the same port, or the server is shutting down. */
    CANCELLED
  }
}
