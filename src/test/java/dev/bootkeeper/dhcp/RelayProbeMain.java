package dev.bootkeeper.dhcp;

import dev.bootkeeper.boot.Ipv4;
import dev.bootkeeper.boot.MacAddress;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A relay agent's view, for the network-namespace tests: sends one relayed DISCOVER from {@code
 * giaddr}, port 67, to {@code server}, with option 118 ({@code select=a.b.c.d}) or option 82 with a
 * circuit id and sub-option 5 ({@code link=a.b.c.d}), and prints the server's reply to the relay as
 * one {@code REPLY ...} line. Arguments: {@code giaddr server mac select=|link=address}.
 */
public final class RelayProbeMain {

  private RelayProbeMain() {}

  public static void main(String[] args) throws Exception {
    var giaddr = Ipv4.require(args[0]);
    var server = Ipv4.require(args[1]);
    MacAddress mac = MacAddress.of(args[2]);
    String[] selector = args[3].split("=", 2);
    var address = Ipv4.require(selector[1]).getAddress();
    DhcpOptions.Builder o =
        DhcpOptions.builder()
            .messageType(DhcpMessageType.DISCOVER)
            .set(DhcpOption.PARAMETER_REQUEST_LIST, new byte[] {1, 3, 6});
    if (selector[0].equals("select")) {
      o.set(DhcpOption.SUBNET_SELECTION, address);
    } else {
      // RFC 3046 sub-option 1 (circuit id "port7"), RFC 3527 sub-option 5 (link selection).
      byte[] agent = new byte[2 + 5 + 2 + 4];
      agent[0] = 1;
      agent[1] = 5;
      System.arraycopy("port7".getBytes(), 0, agent, 2, 5);
      agent[7] = 5;
      agent[8] = 4;
      System.arraycopy(address, 0, agent, 9, 4);
      o.set(DhcpOption.RELAY_AGENT_INFO, agent);
    }
    int xid = ThreadLocalRandom.current().nextInt();
    DhcpPacket discover =
        new DhcpPacket(
            1,
            1,
            6,
            1,
            xid,
            0,
            0,
            null,
            null,
            null,
            giaddr,
            DhcpPacket.chaddrOf(mac),
            "",
            "",
            o.build());
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(giaddr, 67))) {
      s.setSoTimeout(500);
      byte[] b = DhcpCodec.encode(discover, 1500);
      s.send(new DatagramPacket(b, b.length, new InetSocketAddress(server, 67)));
      long end = System.nanoTime() + 5_000_000_000L;
      byte[] buf = new byte[2048];
      while (System.nanoTime() < end) {
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        try {
          s.receive(in);
        } catch (SocketTimeoutException e) {
          continue;
        }
        DhcpPacket p = DhcpCodec.decode(buf, 0, in.getLength());
        if (p.op() != DhcpPacket.BOOTREPLY || p.xid() != xid) {
          continue;
        }
        HexFormat hex = HexFormat.of();
        System.out.println(
            "REPLY type="
                + p.messageType().map(Enum::name).orElse("?")
                + " yiaddr="
                + p.yiaddr().getHostAddress()
                + " giaddr="
                + p.giaddr().getHostAddress()
                + " siaddr="
                + p.siaddr().getHostAddress()
                + " opt118="
                + p.options().get(DhcpOption.SUBNET_SELECTION).map(hex::formatHex).orElse("-")
                + " opt82="
                + p.options().get(DhcpOption.RELAY_AGENT_INFO).map(hex::formatHex).orElse("-"));
        return;
      }
      System.out.println("NO-REPLY");
    }
  }
}
