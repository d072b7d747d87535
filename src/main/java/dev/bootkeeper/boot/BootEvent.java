package dev.bootkeeper.boot;

import java.time.Instant;

/**
 * One step of a machine's boot as one protocol saw it. The timeline in the API and the dashboard is
 * a list of these.
 *
 * @param mac the client's MAC in colon form, or null when the protocol could not tell
 * @param ip the client's address, or null
 * @param uuid the client UUID (wire order), or null
 * @param step a short verb such as {@code discover}, {@code offer}, {@code transfer-started}
 * @param detail free text: the file name, the bytes and the duration, the reason of a failure
 */
public record BootEvent(
    Instant at,
    String mac,
    String ip,
    String uuid,
    Protocol protocol,
    String step,
    String detail,
    Outcome outcome) {

  public enum Protocol {
    DHCP,
    TFTP,
    HTTP,
    NBD,
    API
  }

  public enum Outcome {
    OK,
    INFO,
    FAILED
  }

  public static BootEvent now(
      String mac, String ip, Protocol protocol, String step, String detail, Outcome outcome) {
    return new BootEvent(Instant.now(), mac, ip, null, protocol, step, detail, outcome);
  }
}
