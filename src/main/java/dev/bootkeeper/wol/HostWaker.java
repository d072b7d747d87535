package dev.bootkeeper.wol;

import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.BootEventSink;
import dev.bootkeeper.boot.BootStep;
import dev.bootkeeper.boot.MacAddress;
import dev.bootkeeper.store.Host;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/** Wakes a machine: finds its reserved address, sends the packet, notes it in the boot trace. */
@ApplicationScoped
public class HostWaker {

  private final WakeOnLan wol;
  private final BootEventSink events;

  public HostWaker(WakeOnLan wol, BootEventSink events) {
    this.wol = wol;
    this.events = events;
  }

  /** Sends the magic packet; returns where it went, as "address:port". */
  public List<String> wake(MacAddress mac, String who) {
    Optional<String> ip =
        QuarkusTransaction.joiningExisting()
            .call(() -> Host.byMac(mac.colon()).map(h -> h.ip).filter(s -> !s.isBlank()));
    List<InetSocketAddress> targets = wol.targets(ip);
    wol.send(mac, targets);
    List<String> sent =
        targets.stream().map(t -> t.getAddress().getHostAddress() + ":" + t.getPort()).toList();
    events.publish(
        BootEvent.now(
            mac.colon(),
            ip.orElse(null),
            BootEvent.Protocol.API,
            BootStep.WAKE_SENT,
            BootEvent.Outcome.INFO,
            "Wake-on-LAN by " + who + " to " + String.join(", ", sent)));
    return sent;
  }
}
