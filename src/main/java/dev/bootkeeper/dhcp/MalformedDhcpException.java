package dev.bootkeeper.dhcp;

/** A datagram that is not a well-formed DHCP message; the message says exactly why. */
public final class MalformedDhcpException extends Exception {

  public MalformedDhcpException(String reason) {
    super(reason, null, false, false);
  }
}
