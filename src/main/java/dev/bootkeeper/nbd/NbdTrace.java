package dev.bootkeeper.nbd;

import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.BootEventSink;
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

  void refused(String reason) {
    events.publish(
        BootEvent.now(
            mac, ip, BootEvent.Protocol.NBD, "refused", reason, BootEvent.Outcome.FAILED));
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
            mac, ip, BootEvent.Protocol.NBD, "connected", detail, BootEvent.Outcome.INFO));
    LOG.debugf("NBD %s: connected to %s", ip, detail);
  }

  /**
   * @param failure why the session ended early, or null when the client disconnected
   */
  void disconnected(NbdExport export, long bytes, long millis, String failure) {
    String detail =
        String.format(
            Locale.ROOT,
            "export '%s': %d bytes read in %.3f s%s",
            export.name(),
            bytes,
            millis / 1000.0,
            failure == null ? "" : "; " + failure);
    events.publish(
        BootEvent.now(
            mac,
            ip,
            BootEvent.Protocol.NBD,
            "disconnected",
            detail,
            failure == null ? BootEvent.Outcome.OK : BootEvent.Outcome.FAILED));
    LOG.debugf("NBD %s: %s", ip, detail);
  }
}
