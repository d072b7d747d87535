package dev.bootkeeper.tftp;

import java.nio.file.Path;

/** What the I/O pool found for a read request. */
sealed interface PreparedFile {

  /** The file can be sent: from {@code content} when it is in memory, else from {@code path}. */
  record Ready(String name, long size, byte[] content, Path path) implements PreparedFile {}

  record Missing(String path) implements PreparedFile {}

  record Refused(String path, String reason) implements PreparedFile {}

  record Broken(String path, String reason) implements PreparedFile {}
}
