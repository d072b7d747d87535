package dev.bootkeeper.boot;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Why a boot step did not go through, as the protocol that saw it knows it. */
public enum FailureReason {
  /** The file, config or export asked for does not exist. */
  NOT_FOUND,
  /** The path leaves the images directory or is not a plain file. */
  ACCESS_DENIED,
  /** The client tried to write: boot images are served, never received. */
  READ_ONLY,
  /** Too many transfers or connections at once; the client may retry. */
  BUSY,
  /** The client stopped answering. */
  TIMEOUT,
  /** The client ended the exchange or went away before it was done. */
  CLIENT_ABORTED,
  /** A new request from the same client replaced it, or the server shut down. */
  CANCELLED,
  /** The client asked for transfer options the server does not accept (RFC 2347). */
  OPTION_REFUSED,
  /** The file could not be read from disk. */
  IO_ERROR,
  /** The client broke the protocol or sent a request the server does not serve. */
  BAD_REQUEST,
  /** The server failed on its own (a look-up error, no port to send from). */
  SERVER_ERROR,
  /** DHCP: no free address in the subnet's range. */
  NO_FREE_ADDRESS,
  /** DHCP: the address the client asked for is not its to have (DHCPNAK, RFC 2131 §4.3.2). */
  ADDRESS_REFUSED,
  /** DHCP: the client found its address in use (DHCPDECLINE). */
  ADDRESS_IN_USE,
  /** Stored before reasons were typed, or a reason no longer known. */
  UNKNOWN;

  private static final Map<String, FailureReason> BY_NAME =
      Arrays.stream(values()).collect(Collectors.toMap(Enum::name, Function.identity()));

  /** The reason stored under {@code name}: null for none, {@link #UNKNOWN} for an unknown name. */
  public static FailureReason fromName(String name) {
    return name == null ? null : BY_NAME.getOrDefault(name, UNKNOWN);
  }
}
