package dev.bootkeeper.dhcp;

import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.BootEventSink;
import dev.bootkeeper.boot.BootStep;
import dev.bootkeeper.boot.ClientUuid;
import dev.bootkeeper.boot.FailureReason;
import dev.bootkeeper.boot.Ipv4;
import dev.bootkeeper.boot.MacAddress;
import java.net.Inet4Address;
import java.time.Clock;
import java.util.Optional;

/** Writes the boot trace of the DHCP side: one event per step, keyed by MAC. */
final class DhcpEvents {

  private final BootEventSink sink;
  private final Clock clock;

  DhcpEvents(BootEventSink sink, Clock clock) {
    this.sink = sink;
    this.clock = clock;
  }

  void step(
      MacAddress mac,
      Optional<Inet4Address> ip,
      Optional<ClientUuid> uuid,
      BootStep step,
      String detail,
      BootEvent.Outcome outcome,
      BootEvent.Facts facts) {
    publish(mac, ip, uuid, step, outcome, null, detail, facts);
  }

  void failed(
      MacAddress mac,
      Optional<Inet4Address> ip,
      Optional<ClientUuid> uuid,
      BootStep step,
      FailureReason reason,
      String detail) {
    publish(mac, ip, uuid, step, BootEvent.Outcome.FAILED, reason, detail, BootEvent.Facts.NONE);
  }

  private void publish(
      MacAddress mac,
      Optional<Inet4Address> ip,
      Optional<ClientUuid> uuid,
      BootStep step,
      BootEvent.Outcome outcome,
      FailureReason reason,
      String detail,
      BootEvent.Facts facts) {
    sink.publish(
        new BootEvent(
            clock.instant(),
            mac.colon(),
            ip.filter(a -> !Ipv4.isZero(a)).map(Inet4Address::getHostAddress).orElse(null),
            uuid.map(ClientUuid::wireOrder).orElse(null),
            BootEvent.Protocol.DHCP,
            step,
            outcome,
            reason,
            detail,
            facts));
  }
}
