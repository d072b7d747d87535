package dev.bootkeeper.dhcp;

import dev.bootkeeper.boot.Ipv4;
import java.net.Inet4Address;
import java.util.Optional;

/**
 * Which subnet a request is served from, and what said so. In order: option 118, subnet selection
 * (RFC 3011 §3, the client names the network); option 82 sub-option 5, link selection (RFC 3527 §3,
 * a relay names the client's link when giaddr is only its own address towards the server); the
 * relay's giaddr (RFC 2131 §4.3.1); the network this server is on.
 *
 * @param address the address whose subnet is chosen; empty for the local network
 * @param source what gave it
 */
record SubnetChoice(Optional<Inet4Address> address, Source source) {

  enum Source {
    SUBNET_SELECTION,
    LINK_SELECTION,
    RELAY,
    LOCAL
  }

  static SubnetChoice of(DhcpPacket p) {
    Optional<Inet4Address> selection = p.options().address(DhcpOption.SUBNET_SELECTION);
    if (selection.isPresent()) {
      return new SubnetChoice(selection, Source.SUBNET_SELECTION);
    }
    Optional<Inet4Address> link =
        p.options().get(DhcpOption.RELAY_AGENT_INFO).flatMap(SubnetChoice::linkSelection);
    if (link.isPresent()) {
      return new SubnetChoice(link, Source.LINK_SELECTION);
    }
    if (p.relayed()) {
      return new SubnetChoice(Optional.of(p.giaddr()), Source.RELAY);
    }
    return new SubnetChoice(Optional.empty(), Source.LOCAL);
  }

  /** The subnet among {@code settings}' that this choice names. */
  Optional<Subnet> in(DhcpSettings settings) {
    return address.isPresent() ? settings.subnetFor(address.get()) : settings.localSubnet();
  }

  /**
   * Sub-option 5 of an option 82 value (RFC 3046 §2.0 framing: code, length, data), when it holds a
   * 4-byte address; a malformed option 82 names no link.
   */
  static Optional<Inet4Address> linkSelection(byte[] relayAgentInfo) {
    int i = 0;
    while (i + 1 < relayAgentInfo.length) {
      int code = relayAgentInfo[i] & 0xff;
      int len = relayAgentInfo[i + 1] & 0xff;
      if (i + 2 + len > relayAgentInfo.length) {
        return Optional.empty();
      }
      if (code == DhcpOption.RELAY_LINK_SELECTION && len == 4) {
        byte[] a = new byte[4];
        System.arraycopy(relayAgentInfo, i + 2, a, 0, 4);
        Inet4Address address = Ipv4.fromBytes(a);
        return Ipv4.isZero(address) ? Optional.empty() : Optional.of(address);
      }
      i += 2 + len;
    }
    return Optional.empty();
  }

  String describe() {
    return switch (source) {
      case SUBNET_SELECTION -> "subnet selection (option 118) " + address.get().getHostAddress();
      case LINK_SELECTION -> "link selection (option 82.5) " + address.get().getHostAddress();
      case RELAY -> "relay " + address.get().getHostAddress();
      case LOCAL -> "the local network";
    };
  }
}
