package dev.bootkeeper.dhcp;

import dev.bootkeeper.boot.Ipv4;
import dev.bootkeeper.boot.MacAddress;
import java.net.Inet4Address;
import java.util.function.Consumer;

/** Builds client requests for responder tests. */
final class Requests {

  private Requests() {}

  static DhcpPacket plain(MacAddress mac, DhcpMessageType type) {
    return new DhcpPacket(
        DhcpPacket.BOOTREQUEST,
        1,
        6,
        0,
        0x1234,
        0,
        0,
        Ipv4.ANY,
        Ipv4.ANY,
        Ipv4.ANY,
        Ipv4.ANY,
        DhcpPacket.chaddrOf(mac),
        "",
        "",
        DhcpOptions.builder().messageType(type).build());
  }

  /** The same request turned into another message type with extra options. */
  static DhcpPacket as(DhcpPacket base, DhcpMessageType type, Consumer<DhcpOptions.Builder> extra) {
    DhcpOptions.Builder b = base.options().toBuilder().messageType(type);
    extra.accept(b);
    return base.withOptions(b.build());
  }

  static DhcpPacket withCiaddr(DhcpPacket p, Inet4Address ciaddr) {
    return p.withAddresses(ciaddr, p.yiaddr(), p.siaddr(), p.flags());
  }

  static DhcpPacket relayed(DhcpPacket p, Inet4Address giaddr) {
    return new DhcpPacket(
        p.op(),
        p.htype(),
        p.hlen(),
        1,
        p.xid(),
        p.secs(),
        p.flags(),
        p.ciaddr(),
        p.yiaddr(),
        p.siaddr(),
        giaddr,
        p.chaddr(),
        p.sname(),
        p.file(),
        p.options());
  }
}
