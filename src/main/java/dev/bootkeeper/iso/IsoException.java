package dev.bootkeeper.iso;

/** The image is not one this reader serves; the message says why, in words for the admin. */
public final class IsoException extends Exception {

  public IsoException(String message) {
    super(message);
  }
}
