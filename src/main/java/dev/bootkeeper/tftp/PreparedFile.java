package dev.bootkeeper.tftp;

import dev.bootkeeper.boot.FailureReason;
import java.nio.file.Path;

/** What the I/O pool found for a read request. */
sealed interface PreparedFile {

  /** The file can be sent: from {@code content} when it is in memory, else from {@code path}. */
  record Ready(String name, long size, byte[] content, Path path) implements PreparedFile {}

  record Missing(String path) implements PreparedFile {}

  record Refused(String path, String reason) implements PreparedFile {}

  /** The file cannot be sent: {@code cause} says why, {@code reason} says it in words. */
  record Broken(String path, FailureReason cause, String reason) implements PreparedFile {}
}
