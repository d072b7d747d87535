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
 * A DHCP client speaking with the firmware fixtures, for the network-namespace tests. Run inside
 * the client namespace: {@code action kind mac [ciaddr server]}, where action is {@code dora} (full
 * exchange with the first server that offers an address), {@code discover} (print every reply for 3
 * seconds), {@code discover-when-told} (as discover, once a line arrives on stdin: the socket is
 * ready, so the DISCOVER leaves the moment the test says) or {@code request4011} (the UEFI proxy
 * exchange from ciaddr). Prints one {@code REPLY ...} line per reply.
 */
public final class DhcpProbeMain {

  private DhcpProbeMain() {}

  public static void main(String[] args) throws Exception {
    String action = args[0];
    byte[] fixture =
        switch (args[1]) {
          case "bios" -> PxeFixtures.BIOS_PXE_DISCOVER;
          case "uefi" -> PxeFixtures.UEFI_X64_DISCOVER;
          case "ipxe" -> PxeFixtures.IPXE_DISCOVER;
          case "http" -> PxeFixtures.HTTP_CLIENT_DISCOVER;
          default -> throw new IllegalArgumentException(args[1]);
        };
    MacAddress mac = MacAddress.of(args[2]);
    DhcpPacket base = DhcpCodec.decode(fixture);
    int xid = ThreadLocalRandom.current().nextInt();
    DhcpPacket discover =
        new DhcpPacket(
            1,
            1,
            6,
            0,
            xid,
            0,
            // Broadcast flag: the probe's MAC is not the interface's, so unicast frames to
            // chaddr would never reach it.
            DhcpPacket.FLAG_BROADCAST,
            null,
            null,
            null,
            null,
            DhcpPacket.chaddrOf(mac),
            "",
            "",
            base.options());
    try (DatagramSocket s = new DatagramSocket(null)) {
      s.setReuseAddress(true);
      s.setBroadcast(true);
      s.bind(new InetSocketAddress(68));
      s.setSoTimeout(500);
      switch (action) {
        case "discover" -> {
          send(s, discover, new InetSocketAddress(Ipv4.BROADCAST, 67));
          collect(s, xid, 3000, false);
        }
        case "discover-when-told" -> {
          System.out.println("READY");
          System.out.flush();
          new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
          send(s, discover, new InetSocketAddress(Ipv4.BROADCAST, 67));
          collect(s, xid, 3000, false);
        }
        case "dora" -> {
          send(s, discover, new InetSocketAddress(Ipv4.BROADCAST, 67));
          DhcpPacket offer = collect(s, xid, 4000, true);
          if (offer == null) {
            System.out.println("NO-OFFER");
            return;
          }
          DhcpPacket request =
              Requests.as(
                  discover,
                  DhcpMessageType.REQUEST,
                  b ->
                      b.setAddress(DhcpOption.REQUESTED_IP, offer.yiaddr())
                          .set(
                              DhcpOption.SERVER_ID,
                              offer.options().get(DhcpOption.SERVER_ID).orElseThrow()));
          send(s, request, new InetSocketAddress(Ipv4.BROADCAST, 67));
          // With several servers, a late OFFER of another one may arrive now: wait for the ACK.
          DhcpPacket answer;
          do {
            answer = collect(s, xid, 3000, true);
          } while (answer != null && answer.messageType().orElse(null) == DhcpMessageType.OFFER);
        }
        case "request4011" -> {
          DhcpPacket request =
              Requests.withCiaddr(
                  Requests.as(
                      discover,
                      DhcpMessageType.REQUEST,
                      b -> b.setAddress(DhcpOption.SERVER_ID, Ipv4.require(args[4]))),
                  Ipv4.require(args[3]));
          send(s, request, new InetSocketAddress(Ipv4.require(args[4]), 4011));
          collect(s, xid, 3000, true);
        }
        default -> throw new IllegalArgumentException(action);
      }
    }
  }

  private static void send(DatagramSocket s, DhcpPacket p, InetSocketAddress to) throws Exception {
    byte[] b = DhcpCodec.encode(p, 1500);
    s.send(new DatagramPacket(b, b.length, to));
  }

  /** Prints replies to {@code xid}; returns the first one with an address when {@code first}. */
  private static DhcpPacket collect(DatagramSocket s, int xid, long millis, boolean first)
      throws Exception {
    long end = System.nanoTime() + millis * 1_000_000;
    byte[] buf = new byte[2048];
    while (System.nanoTime() < end) {
      DatagramPacket in = new DatagramPacket(buf, buf.length);
      try {
        s.receive(in);
      } catch (SocketTimeoutException e) {
        continue;
      }
      DhcpPacket p;
      try {
        p = DhcpCodec.decode(buf, 0, in.getLength());
      } catch (MalformedDhcpException e) {
        continue;
      }
      if (p.op() != DhcpPacket.BOOTREPLY || p.xid() != xid) {
        continue;
      }
      DhcpOptions o = p.options();
      System.out.println(
          "REPLY type="
              + p.messageType().map(Enum::name).orElse("?")
              + " from="
              + in.getAddress().getHostAddress()
              + ":"
              + in.getPort()
              + " yiaddr="
              + p.yiaddr().getHostAddress()
              + " siaddr="
              + p.siaddr().getHostAddress()
              + " file="
              + p.file()
              + " vc="
              + o.string(DhcpOption.VENDOR_CLASS).orElse("-")
              + " opt43="
              + o.get(DhcpOption.VENDOR_SPECIFIC).map(HexFormat.of()::formatHex).orElse("-")
              + " opt67="
              + o.string(DhcpOption.BOOTFILE_NAME).orElse("-")
              + " server="
              + o.address(DhcpOption.SERVER_ID).map(a -> a.getHostAddress()).orElse("-"));
      System.out.flush();
      if (first && !Ipv4.isZero(p.yiaddr())) {
        return p;
      }
      if (first && p.messageType().orElse(null) == DhcpMessageType.ACK) {
        return p;
      }
    }
    return null;
  }
}
