package dev.bootkeeper.dhcp;

/** A DHCP port could not be bound; the message names the address, the port and the reason. */
public final class DhcpBindException extends RuntimeException {

  public DhcpBindException(String message, Throwable cause) {
    super(message, cause);
  }
}
