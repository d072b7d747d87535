package dev.bootkeeper.dhcp;

import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.BootEventSink;
import dev.bootkeeper.boot.ClientUuid;
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
      String step,
      String detail,
      BootEvent.Outcome outcome) {
    sink.publish(
        new BootEvent(
            clock.instant(),
            mac.colon(),
            ip.filter(a -> !Ipv4.isZero(a)).map(Inet4Address::getHostAddress).orElse(null),
            uuid.map(ClientUuid::wireOrder).orElse(null),
            BootEvent.Protocol.DHCP,
            step,
            detail,
            outcome));
  }
}
