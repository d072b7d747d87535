package dev.bootkeeper.boot;

import java.time.Instant;

/**
 * One step of a machine's boot as one protocol saw it. The timeline in the API and the dashboard is
 * a list of these. Everything the dashboard and the API decide comes from the typed fields; {@code
 * detail} is for people to read.
 *
 * @param mac the client's MAC in colon form, or null when the protocol could not tell
 * @param ip the client's address, or null
 * @param uuid the client UUID (wire order), or null
 * @param reason why the step did not go through, or null; set on FAILED steps and on failures that
 *     are a normal part of a boot (pxelinux probing config names that do not exist is INFO)
 * @param detail free text for display: the file name, the bytes and the duration, the reason
 * @param facts what the step was about, where the protocol knows it
 * @param node the appliance that served the step ({@code bootkeeper.node-name}); null until the
 *     recorder stamps it
 */
public record BootEvent(
    Instant at,
    String mac,
    String ip,
    String uuid,
    Protocol protocol,
    BootStep step,
    Outcome outcome,
    FailureReason reason,
    String detail,
    Facts facts,
    String node) {

  public BootEvent {
    facts = facts == null ? Facts.NONE : facts;
  }

  /** A step not yet stamped with the node that served it. */
  public BootEvent(
      Instant at,
      String mac,
      String ip,
      String uuid,
      Protocol protocol,
      BootStep step,
      Outcome outcome,
      FailureReason reason,
      String detail,
      Facts facts) {
    this(at, mac, ip, uuid, protocol, step, outcome, reason, detail, facts, null);
  }

  /** The same step, served by {@code node}. */
  public BootEvent servedBy(String node) {
    return new BootEvent(at, mac, ip, uuid, protocol, step, outcome, reason, detail, facts, node);
  }

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

  /**
   * The structured part of a step; any field may be null.
   *
   * @param file the path asked for (TFTP, HTTP) or the export's name (NBD)
   * @param bytes file bytes the client received
   * @param durationMs how long the transfer or session took
   * @param profile the boot profile that decided the answer
   * @param firmware the client's firmware, from DHCP
   */
  public record Facts(String file, Long bytes, Long durationMs, String profile, Firmware firmware) {

    public static final Facts NONE = new Facts(null, null, null, null, null);

    public static Facts file(String file) {
      return NONE.withFile(file);
    }

    public Facts withFile(String file) {
      return new Facts(file, bytes, durationMs, profile, firmware);
    }

    public Facts withBytes(long bytes) {
      return new Facts(file, bytes, durationMs, profile, firmware);
    }

    public Facts withDurationMs(long durationMs) {
      return new Facts(file, bytes, durationMs, profile, firmware);
    }

    public Facts withProfile(String profile) {
      return new Facts(file, bytes, durationMs, profile, firmware);
    }

    public Facts withFirmware(Firmware firmware) {
      return new Facts(file, bytes, durationMs, profile, firmware);
    }
  }

  /** A step that went through (OK) or is worth noting (INFO). */
  public static BootEvent now(
      String mac, String ip, Protocol protocol, BootStep step, Outcome outcome, String detail) {
    return new BootEvent(
        Instant.now(), mac, ip, null, protocol, step, outcome, null, detail, Facts.NONE);
  }

  /** A step that failed, and why. */
  public static BootEvent failedNow(
      String mac,
      String ip,
      Protocol protocol,
      BootStep step,
      FailureReason reason,
      String detail) {
    return new BootEvent(
        Instant.now(), mac, ip, null, protocol, step, Outcome.FAILED, reason, detail, Facts.NONE);
  }

  public BootEvent with(Facts facts) {
    return new BootEvent(at, mac, ip, uuid, protocol, step, outcome, reason, detail, facts, node);
  }

  /** The same step with a reason, keeping its outcome (a probe that found nothing stays INFO). */
  public BootEvent because(FailureReason reason) {
    return new BootEvent(at, mac, ip, uuid, protocol, step, outcome, reason, detail, facts, node);
  }

  public boolean failed() {
    return outcome == Outcome.FAILED;
  }

  /** Whether this step says a file, config or export was not there. */
  public boolean notFound() {
    return reason == FailureReason.NOT_FOUND;
  }
}
