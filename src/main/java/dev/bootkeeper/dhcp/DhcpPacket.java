package dev.bootkeeper.dhcp;

import dev.bootkeeper.boot.Ipv4;
import dev.bootkeeper.boot.MacAddress;
import java.net.Inet4Address;
import java.util.Arrays;
import java.util.Optional;

/**
 * One BOOTP/DHCP message (RFC 2131 §2, RFC 951): every fixed field plus the options.
 *
 * @param op 1 = BOOTREQUEST, 2 = BOOTREPLY
 * @param htype hardware type, 1 = Ethernet
 * @param hlen hardware address length, 6 for Ethernet
 * @param hops incremented by relay agents
 * @param xid transaction id, copied into replies
 * @param secs seconds since the client began
 * @param flags bit 15 = broadcast, the rest must be zero
 * @param ciaddr the client's current address (BOUND, RENEWING, REBINDING, INFORM)
 * @param yiaddr the address the server gives
 * @param siaddr the next server: the TFTP server PXE ROMs, pxelinux and iPXE use
 * @param giaddr the relay agent's address, 0 when not relayed
 * @param chaddr the 16-byte client hardware address field
 * @param sname the server host name, without the NUL terminator
 * @param file the boot file name, without the NUL terminator
 * @param options the options in wire order
 */
public record DhcpPacket(
    int op,
    int htype,
    int hlen,
    int hops,
    int xid,
    int secs,
    int flags,
    Inet4Address ciaddr,
    Inet4Address yiaddr,
    Inet4Address siaddr,
    Inet4Address giaddr,
    byte[] chaddr,
    String sname,
    String file,
    DhcpOptions options) {

  public static final int BOOTREQUEST = 1;
  public static final int BOOTREPLY = 2;
  public static final int FLAG_BROADCAST = 0x8000;
  public static final int HTYPE_ETHERNET = 1;

  public DhcpPacket {
    if (chaddr == null || chaddr.length != 16) {
      throw new IllegalArgumentException("chaddr has 16 bytes");
    }
    chaddr = chaddr.clone();
    ciaddr = ciaddr == null ? Ipv4.ANY : ciaddr;
    yiaddr = yiaddr == null ? Ipv4.ANY : yiaddr;
    siaddr = siaddr == null ? Ipv4.ANY : siaddr;
    giaddr = giaddr == null ? Ipv4.ANY : giaddr;
    sname = sname == null ? "" : sname;
    file = file == null ? "" : file;
    options = options == null ? DhcpOptions.empty() : options;
  }

  @Override
  public byte[] chaddr() {
    return chaddr.clone();
  }

  /** The client's Ethernet address; empty for other hardware types. */
  public Optional<MacAddress> mac() {
    if (htype != HTYPE_ETHERNET || hlen != 6) {
      return Optional.empty();
    }
    return Optional.of(new MacAddress(Arrays.copyOf(chaddr, 6)));
  }

  public Optional<DhcpMessageType> messageType() {
    return options.messageType();
  }

  public boolean broadcastFlag() {
    return (flags & FLAG_BROADCAST) != 0;
  }

  public boolean relayed() {
    return !Ipv4.isZero(giaddr);
  }

  /** The 16-byte chaddr field for an Ethernet MAC. */
  public static byte[] chaddrOf(MacAddress mac) {
    return Arrays.copyOf(mac.bytes(), 16);
  }

  /**
   * A reply skeleton (RFC 2131 Table 3): op BOOTREPLY, xid, flags, giaddr and chaddr copied, hops
   * 0, everything else empty.
   */
  public DhcpPacket replyShell(DhcpOptions replyOptions) {
    return new DhcpPacket(
        BOOTREPLY,
        htype,
        hlen,
        0,
        xid,
        0,
        flags,
        Ipv4.ANY,
        Ipv4.ANY,
        Ipv4.ANY,
        giaddr,
        chaddr,
        "",
        "",
        replyOptions);
  }

  public DhcpPacket withAddresses(
      Inet4Address ciaddr, Inet4Address yiaddr, Inet4Address siaddr, int flags) {
    return new DhcpPacket(
        op, htype, hlen, hops, xid, secs, flags, ciaddr, yiaddr, siaddr, giaddr, chaddr, sname,
        file, options);
  }

  public DhcpPacket withBoot(String sname, String file) {
    return new DhcpPacket(
        op, htype, hlen, hops, xid, secs, flags, ciaddr, yiaddr, siaddr, giaddr, chaddr, sname,
        file, options);
  }

  public DhcpPacket withOptions(DhcpOptions options) {
    return new DhcpPacket(
        op, htype, hlen, hops, xid, secs, flags, ciaddr, yiaddr, siaddr, giaddr, chaddr, sname,
        file, options);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DhcpPacket p
        && op == p.op
        && htype == p.htype
        && hlen == p.hlen
        && hops == p.hops
        && xid == p.xid
        && secs == p.secs
        && flags == p.flags
        && ciaddr.equals(p.ciaddr)
        && yiaddr.equals(p.yiaddr)
        && siaddr.equals(p.siaddr)
        && giaddr.equals(p.giaddr)
        && Arrays.equals(chaddr, p.chaddr)
        && sname.equals(p.sname)
        && file.equals(p.file)
        && options.equals(p.options);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(xid, Arrays.hashCode(chaddr), options);
  }

  @Override
  public String toString() {
    return "DhcpPacket[op="
        + op
        + ", xid="
        + Integer.toHexString(xid)
        + ", chaddr="
        + mac().map(MacAddress::colon).orElse("?")
        + ", ciaddr="
        + ciaddr.getHostAddress()
        + ", yiaddr="
        + yiaddr.getHostAddress()
        + ", siaddr="
        + siaddr.getHostAddress()
        + ", giaddr="
        + giaddr.getHostAddress()
        + ", file="
        + file
        + ", options="
        + options
        + "]";
  }
}
