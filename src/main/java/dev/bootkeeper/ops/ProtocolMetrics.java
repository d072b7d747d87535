package dev.bootkeeper.ops;

import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.BootEventRecorder;
import dev.bootkeeper.boot.FailureReason;
import dev.bootkeeper.boot.FailureThrottle;
import dev.bootkeeper.dhcp.DhcpStartup;
import dev.bootkeeper.dhcp.DhcpStats;
import dev.bootkeeper.httpboot.HttpBootStats;
import dev.bootkeeper.nbd.NbdStartup;
import dev.bootkeeper.nbd.NbdStats;
import dev.bootkeeper.tftp.TftpStartup;
import dev.bootkeeper.tftp.TftpStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Publishes each protocol server's counters at {@code /q/metrics}. The servers keep plain counters
 * (their hot paths stay free of metrics code); these meters read them when Prometheus scrapes. A
 * server that is off, or restarted with new settings, reads as its current state.
 */
@ApplicationScoped
public class ProtocolMetrics {

  void register(
      @Observes StartupEvent ev,
      MeterRegistry registry,
      TftpStartup tftp,
      DhcpStartup dhcp,
      NbdStartup nbd,
      HttpBootStats http,
      BootEventRecorder events) {
    tftpCounter(registry, tftp, "bootkeeper.tftp.transfers", "started", TftpStats::started);
    tftpCounter(registry, tftp, "bootkeeper.tftp.transfers", "completed", TftpStats::completed);
    tftpCounter(registry, tftp, "bootkeeper.tftp.transfers", "failed", TftpStats::failed);
    tftpCounter(registry, tftp, "bootkeeper.tftp.transfers", "size-probe", TftpStats::probes);
    tftpCounter(registry, tftp, "bootkeeper.tftp.requests", "not-found", TftpStats::notFound);
    tftpCounter(registry, tftp, "bootkeeper.tftp.requests", "refused", TftpStats::refused);
    tftpCounter(registry, tftp, "bootkeeper.tftp.requests", "busy", TftpStats::busy);
    tftpCounter(registry, tftp, "bootkeeper.tftp.requests", "rate-limited", TftpStats::rateLimited);
    tftpCounter(registry, tftp, "bootkeeper.tftp.malformed", null, TftpStats::malformed);
    tftpCounter(
        registry, tftp, "bootkeeper.tftp.retransmissions", null, TftpStats::retransmissions);
    tftpCounter(registry, tftp, "bootkeeper.tftp.bytes", null, TftpStats::bytesSent);

    dhcpCounter(registry, dhcp, "bootkeeper.dhcp.packets", "received", DhcpStats::packets);
    dhcpCounter(
        registry, dhcp, "bootkeeper.dhcp.packets", "malformed", DhcpStats::malformedPackets);
    dhcpCounter(registry, dhcp, "bootkeeper.dhcp.packets", "dropped", DhcpStats::droppedPackets);
    dhcpCounter(registry, dhcp, "bootkeeper.dhcp.packets", "ignored", DhcpStats::ignoredPackets);
    dhcpCounter(registry, dhcp, "bootkeeper.dhcp.packets", "replied", DhcpStats::repliesSent);

    Gauge.builder(
            "bootkeeper.dhcp.leases.active", new ActiveLeaseGauge(dhcp), ActiveLeaseGauge::value)
        .description(
            "Addresses held by a client (offered or bound, not expired), in the shared store")
        // Micrometer holds a gauge's object weakly; nothing else holds this one.
        .strongReference(true)
        .register(registry);

    for (int cls = 0; cls <= 5; cls++) {
      int c = cls;
      FunctionCounter.builder("bootkeeper.http.requests", http, s -> s.answers(c))
          .tag("status", c == 0 ? "none" : c + "xx")
          .description("Machine-facing HTTP requests (boot files and scripts) by answer")
          .register(registry);
    }
    FunctionCounter.builder("bootkeeper.http.bytes", http, HttpBootStats::bytes)
        .description("Body bytes sent to boot clients over HTTP")
        .register(registry);

    nbdCounter(registry, nbd, "bootkeeper.nbd.connections", NbdStats::connections);
    nbdCounter(registry, nbd, "bootkeeper.nbd.malformed", NbdStats::malformed);
    nbdCounter(registry, nbd, "bootkeeper.nbd.refused", NbdStats::refused);
    nbdCounter(registry, nbd, "bootkeeper.nbd.idle.closed", NbdStats::idleClosed);
    nbdCounter(registry, nbd, "bootkeeper.nbd.bytes.read", NbdStats::bytesRead);
    Gauge.builder(
            "bootkeeper.nbd.connections.active",
            nbd,
            s -> s.server().map(x -> (double) x.stats().active()).orElse(0.0))
        .register(registry);

    FunctionCounter.builder("bootkeeper.events.dropped", events, BootEventRecorder::dropped)
        .description("Boot events not stored because the queue and the overflow file were full")
        .register(registry);
    Gauge.builder("bootkeeper.events.overflow", events, e -> (double) e.overflowing())
        .description("Boot events waiting in the overflow file for the writer to catch up")
        .register(registry);

    for (BootEvent.Protocol protocol : FailureThrottle.PROTOCOLS) {
      for (FailureReason reason : FailureThrottle.THROTTLED) {
        FunctionCounter.builder(
                "bootkeeper.events.suppressed", events, e -> e.suppressed(protocol, reason))
            .tag("protocol", protocol.name())
            .tag("reason", reason.name())
            .description(
                "Anonymous failures counted but not logged or stored (over the"
                    + " bootkeeper.events.failures-* budgets)")
            .register(registry);
      }
    }

    events.addListener(new StepCounters(registry)::count);
  }

  private static void tftpCounter(
      MeterRegistry r,
      TftpStartup tftp,
      String name,
      String outcome,
      java.util.function.ToLongFunction<TftpStats> stat) {
    FunctionCounter.Builder<TftpStartup> b =
        FunctionCounter.builder(
            name, tftp, s -> s.server().map(x -> (double) stat.applyAsLong(x.stats())).orElse(0.0));
    if (outcome != null) {
      b.tag("outcome", outcome);
    }
    b.register(r);
  }

  private static void dhcpCounter(
      MeterRegistry r,
      DhcpStartup dhcp,
      String name,
      String kind,
      java.util.function.ToLongFunction<DhcpStats> stat) {
    FunctionCounter.builder(name, dhcp, s -> (double) stat.applyAsLong(s.server().stats()))
        .tag("kind", kind)
        .register(r);
  }

  private static void nbdCounter(
      MeterRegistry r,
      NbdStartup nbd,
      String name,
      java.util.function.ToLongFunction<NbdStats> stat) {
    FunctionCounter.builder(
            name, nbd, s -> s.server().map(x -> (double) stat.applyAsLong(x.stats())).orElse(0.0))
        .register(r);
  }
}
