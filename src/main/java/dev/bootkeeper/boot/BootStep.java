package dev.bootkeeper.boot;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What happened in one step of a machine's boot. Each step keeps the short label the boot trace has
 * always shown and the API has always returned as {@code step}.
 */
public enum BootStep {
  DHCP_DISCOVER("discover"),
  DHCP_OFFER("offer"),
  DHCP_REQUEST("request"),
  DHCP_ACK("ack"),
  DHCP_NAK("nak"),
  DHCP_DECLINE("decline"),
  DHCP_RELEASE("release"),
  DHCP_INFORM("inform"),
  TRANSFER_STARTED("transfer-started"),
  TRANSFER_DONE("transfer-finished"),
  /** The client ended the transfer early on purpose (a UEFI size probe), or it was replaced. */
  TRANSFER_ABORTED("transfer-aborted"),
  TRANSFER_FAILED("transfer-failed"),
  HTTP_GET("http-get"),
  HTTP_HEAD("http-head"),
  /** Any other HTTP method: refused with 405. */
  HTTP_OTHER("http-other"),
  NBD_EXPORT_OPENED("connected"),
  NBD_DISCONNECTED("disconnected"),
  NBD_REFUSED("refused"),
  NEXT_BOOT_USED("next-boot-used"),
  /** A machine served a menu fetched a file of one of its entries: that entry was chosen. */
  MENU_ENTRY_CHOSEN("menu-entry-chosen"),
  WAKE_SENT("wake-sent"),
  /** A step stored before steps were typed, whose label maps to none of the above. */
  UNKNOWN("unknown");

  private static final Map<String, BootStep> BY_NAME =
      Arrays.stream(values()).collect(Collectors.toMap(Enum::name, Function.identity()));

  private final String label;

  BootStep(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public boolean isDhcp() {
    return name().startsWith("DHCP_");
  }

  /** The step stored under {@code name}; {@link #UNKNOWN} for null or a name no longer known. */
  public static BootStep fromName(String name) {
    return name == null ? UNKNOWN : BY_NAME.getOrDefault(name, UNKNOWN);
  }
}
