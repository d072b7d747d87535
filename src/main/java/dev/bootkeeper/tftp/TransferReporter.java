package dev.bootkeeper.tftp;

import dev.bootkeeper.boot.BootClient;
import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.BootEvent.Facts;
import dev.bootkeeper.boot.BootEvent.Outcome;
import dev.bootkeeper.boot.BootEventSink;
import dev.bootkeeper.boot.BootStep;
import dev.bootkeeper.boot.FailureReason;
import dev.bootkeeper.boot.LogText;
import dev.bootkeeper.boot.MacAddress;
import dev.bootkeeper.boot.WarmUpWindow;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Tells what became of each TFTP request: counts it in {@link TftpStats}, logs what an operator
 * should see, and publishes the step to the machine's boot trace, typed (step, reason, file, bytes,
 * duration) with a sentence for people.
 */
final class TransferReporter {

  private static final Logger LOG = Logger.getLogger(TftpServer.class);

  /** Distinct malformed-packet reasons logged at INFO; a scanner cannot flood the log past it. */
  private static final int LOGGED_REASONS_MAX = 100;

  private final TftpStats stats;
  private final BootEventSink events;
  private final WarmUpWindow warmUp;
  private final Set<String> loggedReasons = ConcurrentHashMap.newKeySet();

  private static final long RATE_LOG_INTERVAL_NANOS = 60_000_000_000L;
  private volatile long lastRateLog;

  TransferReporter(TftpStats stats, BootEventSink events, WarmUpWindow warmUp) {
    this.stats = stats;
    this.events = events;
    this.warmUp = warmUp;
  }

  /**
   * A transfer of the appliance's own warm-up (which stops each one with an ERROR once it has read
   * enough): not counted, not logged as a failure; its events are hidden by the recorder too.
   */
  private boolean isWarmUp(TransferRequest r) {
    return warmUp.hidesClient(r.from().getAddress().getHostAddress());
  }

  TftpStats stats() {
    return stats;
  }

  void malformed(InetSocketAddress from, String reason) {
    stats.malformed.increment();
    if (loggedReasons.size() < LOGGED_REASONS_MAX && loggedReasons.add(reason)) {
      LOG.infof(
          "TFTP: dropped malformed packet from %s: %s (logged once)", from, LogText.of(reason));
    } else {
      LOG.debugf("TFTP: dropped malformed packet from %s: %s", from, LogText.of(reason));
    }
  }

  void writeRefused(BootClient client, String name) {
    stats.refused.increment();
    failed(client, name, FailureReason.READ_ONLY, "write refused: " + name);
  }

  /**
   * pxelinux probes many names that do not exist before it finds its config: no noise in the log,
   * and an INFO step rather than a failure of the boot.
   */
  void notFound(BootClient client, String requested) {
    stats.notFound.increment();
    publish(
        client,
        BootStep.TRANSFER_FAILED,
        Outcome.INFO,
        FailureReason.NOT_FOUND,
        "not found: " + requested,
        Facts.file(requested));
  }

  void refused(InetSocketAddress from, BootClient client, String requested, String reason) {
    stats.refused.increment();
    // The boot event's log line says it (throttled under a flood); this one is for debugging.
    LOG.debugf("TFTP: refused '%s' from %s: %s", LogText.of(requested), from, LogText.of(reason));
    failed(client, requested, FailureReason.ACCESS_DENIED, "refused: " + requested + ": " + reason);
  }

  void unservable(InetSocketAddress from, BootClient client, PreparedFile.Broken b) {
    stats.failed.increment();
    LOG.warnf(
        "TFTP: cannot serve %s to %s: %s", LogText.of(b.path()), from, LogText.of(b.reason()));
    failed(client, b.path(), b.cause(), b.path() + ": " + b.reason());
  }

  void optionsRefused(BootClient client, String name, String reason) {
    stats.failed.increment();
    failed(client, name, FailureReason.OPTION_REFUSED, name + ": " + reason);
  }

  void busy(BootClient client, String name) {
    stats.busy.increment();
    failed(client, name, FailureReason.BUSY, name + ": server busy");
  }

  /**
   * A request dropped by the per-address rate: counted, and logged at most once a minute so the log
   * shows a flood started without growing with it.
   */
  void rateLimited() {
    stats.rateLimited.increment();
    long now = System.nanoTime();
    long last = lastRateLog;
    if (last == 0 || now - last >= RATE_LOG_INTERVAL_NANOS) {
      lastRateLog = now;
      LOG.warnf(
          "TFTP: requests over the per-client rate are being dropped (%d so far; see"
              + " bootkeeper.tftp.requests-per-second-per-client)",
          stats.rateLimited.sum());
    }
  }

  void repeated() {
    stats.repeatedRequests.increment();
  }

  void cannotOpenPort(Throwable cause) {
    stats.failed.increment();
    LOG.warnf("TFTP: cannot open a transfer port: %s", cause);
  }

  void started(TransferRequest r) {
    if (isWarmUp(r)) {
      return;
    }
    stats.started.increment();
    publish(
        r.client(),
        BootStep.TRANSFER_STARTED,
        Outcome.INFO,
        null,
        r.name() + " (" + r.options().describe() + ")",
        Facts.file(r.name()));
  }

  void ended(TransferRequest p, TransferResult r, long nanos) {
    if (isWarmUp(p)) {
      return;
    }
    stats.bytesSent.add(r.bytes());
    long millis = nanos / 1_000_000;
    Facts facts = Facts.file(p.name()).withBytes(r.bytes()).withDurationMs(millis);
    switch (r.kind()) {
      case COMPLETED:
        stats.completed.increment();
        double seconds = Math.max(nanos, 1) / 1e9;
        String detail =
            String.format(
                "%s: %d bytes in %d ms (%.1f MiB/s)",
                p.name(), r.bytes(), millis, r.bytes() / seconds / (1 << 20));
        LOG.debugf("TFTP: sent %s to %s", LogText.of(detail), p.from());
        publish(p.client(), BootStep.TRANSFER_DONE, Outcome.OK, null, detail, facts);
        break;
      case ABORTED_AFTER_OPTIONS:
        stats.probes.increment();
        LOG.debugf("TFTP: %s: %s from %s", LogText.of(p.name()), LogText.of(r.reason()), p.from());
        publish(
            p.client(),
            BootStep.TRANSFER_ABORTED,
            Outcome.INFO,
            r.cause(),
            p.name() + ": " + r.reason(),
            facts);
        break;
      case CANCELLED:
        publish(
            p.client(),
            BootStep.TRANSFER_ABORTED,
            Outcome.INFO,
            r.cause(),
            p.name() + ": " + r.reason(),
            facts);
        break;
      case FAILED:
      default:
        stats.failed.increment();
        LOG.infof(
            "TFTP: %s to %s failed: %s", LogText.of(p.name()), p.from(), LogText.of(r.reason()));
        publish(
            p.client(),
            BootStep.TRANSFER_FAILED,
            Outcome.FAILED,
            r.cause() == null ? FailureReason.UNKNOWN : r.cause(),
            p.name() + ": " + r.reason() + " after " + r.bytes() + " bytes",
            facts);
        break;
    }
  }

  List<String> loggedReasons() {
    return List.copyOf(loggedReasons);
  }

  private void failed(BootClient client, String file, FailureReason reason, String detail) {
    publish(client, BootStep.TRANSFER_FAILED, Outcome.FAILED, reason, detail, Facts.file(file));
  }

  private void publish(
      BootClient client,
      BootStep step,
      Outcome outcome,
      FailureReason reason,
      String detail,
      Facts facts) {
    events.publish(
        BootEvent.now(
                client.mac().map(MacAddress::colon).orElse(null),
                client.address().getHostAddress(),
                BootEvent.Protocol.TFTP,
                step,
                outcome,
                detail)
            .because(reason)
            .with(facts));
  }
}
