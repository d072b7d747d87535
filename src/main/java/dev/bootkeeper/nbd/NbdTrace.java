package dev.bootkeeper.nbd;

import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.BootEventSink;
import dev.bootkeeper.boot.BootStep;
import dev.bootkeeper.boot.FailureReason;
import dev.bootkeeper.boot.LogText;
import java.util.Locale;
import org.jboss.logging.Logger;

/** The boot-trace steps of one NBD connection, keyed by the client's address and known MAC. */
final class NbdTrace {

  private static final Logger LOG = Logger.getLogger(NbdConnection.class);

  private final BootEventSink events;
  private final String ip;
  private final String mac;

  /**
   * @param mac the client's MAC in colon form as DHCP learned it, or null
   */
  NbdTrace(BootEventSink events, String ip, String mac) {
    this.events = events;
    this.ip = ip;
    this.mac = mac;
  }

  void refused(FailureReason reason, String text) {
    events.publish(
        BootEvent.failedNow(mac, ip, BootEvent.Protocol.NBD, BootStep.NBD_REFUSED, reason, text));
  }

  void connected(NbdExport export, boolean structured) {
    String detail =
        String.format(
            Locale.ROOT,
            "export '%s' (%d bytes)%s",
            export.name(),
            export.size(),
            structured ? ", structured replies" : "");
    events.publish(
        BootEvent.now(
                mac,
                ip,
                BootEvent.Protocol.NBD,
                BootStep.NBD_EXPORT_OPENED,
                BootEvent.Outcome.INFO,
                detail)
            .with(BootEvent.Facts.file(export.name())));
    LOG.debugf("NBD %s: connected to %s", ip, LogText.of(detail));
  }

  /**
   * @param reason why the session ended early, or null when the client disconnected
   * @param failure the same in words, or null
   */
  void disconnected(
      NbdExport export, long bytes, long millis, FailureReason reason, String failure) {
    String detail =
        String.format(
            Locale.ROOT,
            "export '%s': %d bytes read in %.3f s%s",
            export.name(),
            bytes,
            millis / 1000.0,
            failure == null ? "" : "; " + failure);
    BootEvent.Facts facts =
        BootEvent.Facts.file(export.name()).withBytes(bytes).withDurationMs(millis);
    BootEvent event =
        reason == null
            ? BootEvent.now(
                mac,
                ip,
                BootEvent.Protocol.NBD,
                BootStep.NBD_DISCONNECTED,
                BootEvent.Outcome.OK,
                detail)
            : BootEvent.failedNow(
                mac, ip, BootEvent.Protocol.NBD, BootStep.NBD_DISCONNECTED, reason, detail);
    events.publish(event.with(facts));
    LOG.debugf("NBD %s: %s", ip, LogText.of(detail));
  }
}
