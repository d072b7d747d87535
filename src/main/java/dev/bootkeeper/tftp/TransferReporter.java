package dev.bootkeeper.tftp;

import dev.bootkeeper.boot.BootClient;
import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.BootEventSink;
import dev.bootkeeper.boot.MacAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Tells what became of each TFTP request: counts it in {@link TftpStats}, logs what an operator
 * should see, and publishes the step to the machine's boot trace.
 */
final class TransferReporter {

  private static final Logger LOG = Logger.getLogger(TftpServer.class);

  /** Distinct malformed-packet reasons logged at INFO; a scanner cannot flood the log past it. */
  private static final int LOGGED_REASONS_MAX = 100;

  private final TftpStats stats;
  private final BootEventSink events;
  private final Set<String> loggedReasons = ConcurrentHashMap.newKeySet();

  TransferReporter(TftpStats stats, BootEventSink events) {
    this.stats = stats;
    this.events = events;
  }

  TftpStats stats() {
    return stats;
  }

  void malformed(InetSocketAddress from, String reason) {
    stats.malformed.increment();
    if (loggedReasons.size() < LOGGED_REASONS_MAX && loggedReasons.add(reason)) {
      LOG.infof("TFTP: dropped malformed packet from %s: %s (logged once)", from, reason);
    } else {
      LOG.debugf("TFTP: dropped malformed packet from %s: %s", from, reason);
    }
  }

  void writeRefused(BootClient client, String name) {
    stats.refused.increment();
    publish(client, "transfer-failed", "write refused: " + name, false);
  }

  /** pxelinux probes many names that do not exist: no noise in the log. */
  void notFound(BootClient client, String requested) {
    stats.notFound.increment();
    publish(client, "transfer-failed", "not found: " + requested, true);
  }

  void refused(InetSocketAddress from, BootClient client, String requested, String reason) {
    stats.refused.increment();
    LOG.infof("TFTP: refused %s from %s: %s", quote(requested), from, reason);
    publish(client, "transfer-failed", "refused: " + requested + ": " + reason, false);
  }

  void unreadable(InetSocketAddress from, BootClient client, String path, String reason) {
    stats.failed.increment();
    LOG.warnf("TFTP: cannot serve %s to %s: %s", path, from, reason);
    publish(client, "transfer-failed", path + ": " + reason, false);
  }

  void optionsRefused(BootClient client, String name, String reason) {
    stats.failed.increment();
    publish(client, "transfer-failed", name + ": " + reason, false);
  }

  void busy(BootClient client, String name) {
    stats.busy.increment();
    publish(client, "transfer-failed", name + ": server busy", false);
  }

  void repeated() {
    stats.repeatedRequests.increment();
  }

  void cannotOpenPort(Throwable cause) {
    stats.failed.increment();
    LOG.warnf("TFTP: cannot open a transfer port: %s", cause);
  }

  void started(TransferRequest r) {
    stats.started.increment();
    publish(r.client(), "transfer-started", r.name() + " (" + r.options().describe() + ")", true);
  }

  void ended(TransferRequest p, TransferResult r, long nanos) {
    stats.bytesSent.add(r.bytes());
    switch (r.kind()) {
      case COMPLETED:
        stats.completed.increment();
        double seconds = Math.max(nanos, 1) / 1e9;
        String detail =
            String.format(
                "%s: %d bytes in %d ms (%.1f MiB/s)",
                p.name(), r.bytes(), nanos / 1_000_000, r.bytes() / seconds / (1 << 20));
        LOG.debugf("TFTP: sent %s to %s", detail, p.from());
        publish(p.client(), "transfer-finished", detail, true);
        break;
      case ABORTED_AFTER_OPTIONS:
        stats.probes.increment();
        LOG.debugf("TFTP: %s: %s from %s", p.name(), r.reason(), p.from());
        publish(p.client(), "transfer-aborted", p.name() + ": " + r.reason(), true);
        break;
      case CANCELLED:
        publish(p.client(), "transfer-aborted", p.name() + ": " + r.reason(), true);
        break;
      case FAILED:
      default:
        stats.failed.increment();
        LOG.infof("TFTP: %s to %s failed: %s", p.name(), p.from(), r.reason());
        publish(
            p.client(),
            "transfer-failed",
            p.name() + ": " + r.reason() + " after " + r.bytes() + " bytes",
            false);
        break;
    }
  }

  List<String> loggedReasons() {
    return List.copyOf(loggedReasons);
  }

  private void publish(BootClient client, String step, String detail, boolean ok) {
    BootEvent.Outcome outcome =
        ok
            ? (step.equals("transfer-finished") ? BootEvent.Outcome.OK : BootEvent.Outcome.INFO)
            : BootEvent.Outcome.FAILED;
    events.publish(
        BootEvent.now(
            client.mac().map(MacAddress::colon).orElse(null),
            client.address().getHostAddress(),
            BootEvent.Protocol.TFTP,
            step,
            detail,
            outcome));
  }

  private static String quote(String s) {
    return "'" + s.replaceAll("[\\p{Cntrl}]", "?") + "'";
  }
}
