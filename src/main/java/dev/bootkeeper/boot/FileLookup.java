package dev.bootkeeper.boot;

/**
 * The answer to "give me this path for this client". A protocol maps each case to its own error:
 * TFTP sends error 1 (file not found) or 2 (access violation), HTTP answers 404 or 403.
 */
public sealed interface FileLookup {

  record Found(BootFile file) implements FileLookup {}

  /** Nothing by that name; pxelinux and GRUB probe many missing names, so this is routine. */
  record Missing(String path) implements FileLookup {}

  /** The path tries to leave the images directory or is otherwise not acceptable. */
  record Refused(String path, String reason) implements FileLookup {}
}
