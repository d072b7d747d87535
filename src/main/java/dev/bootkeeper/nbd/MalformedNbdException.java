package dev.bootkeeper.nbd;

/** Input that breaks the protocol so badly that the only answer is to close the connection. */
final class MalformedNbdException extends RuntimeException {

  MalformedNbdException(String reason) {
    super(reason, null, false, false);
  }
}
