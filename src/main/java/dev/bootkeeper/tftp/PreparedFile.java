package dev.bootkeeper.tftp;

import dev.bootkeeper.boot.FailureReason;
import java.nio.file.Path;

/** What the I/O pool found for a read request. */
sealed interface PreparedFile {

  /**
   * The file can be sent: from {@code content} when it is in memory, else {@code size} bytes from
   * {@code offset} of {@code path} (not zero for a file inside an ISO).
   */
  record Ready(String name, long size, byte[] content, Path path, long offset)
      implements PreparedFile {}

  record Missing(String path) implements PreparedFile {}

  record Refused(String path, String reason) implements PreparedFile {}

  /**
   * The file cannot be sent: {@code cause} says why, {@code reason} says it in words for the log
   * and the boot trace.
   */
  record Broken(String path, FailureReason cause, String reason) implements PreparedFile {

    /**
     * The text of the TFTP ERROR packet. Anyone on the network may ask, so a failure on this side
     * (a template that does not render, a file that cannot be read) is only "error"; what the
     * client itself got wrong is said.
     */
    String answer() {
      return cause == FailureReason.BAD_REQUEST ? reason : "error";
    }
  }
}
