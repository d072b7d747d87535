package dev.bootkeeper.dhcp;

import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.BootEvent.Outcome;
import dev.bootkeeper.boot.BootPolicy;
import dev.bootkeeper.boot.BootStep;
import dev.bootkeeper.boot.ClientDirectory;
import dev.bootkeeper.boot.DhcpBootAnswer;
import dev.bootkeeper.boot.Ipv4;
import dev.bootkeeper.boot.MacAddress;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * proxyDHCP (PXE spec 2.1, as dnsmasq, pixiecore and smee implement it): another server gives the
 * address; this one gives PXE clients their boot information, with yiaddr = 0, on port 67 for
 * DISCOVERs and on port 4011 for the REQUESTs UEFI firmware sends there.
 */
public final class ProxyResponder implements Responder {

  private static final Logger LOG = Logger.getLogger(ProxyResponder.class);

  /** PXE option 43 sub-option 71: the boot item a client asks for on port 4011. */
  private static final int PXE_BOOT_ITEM = 71;

  private final DhcpSettings settings;
  private final BootPolicy policy;
  private final ClientDirectory directory;
  private final DhcpEvents events;

  ProxyResponder(
      DhcpSettings settings, BootPolicy policy, ClientDirectory directory, DhcpEvents events) {
    this.settings = settings;
    this.policy = policy;
    this.directory = directory;
    this.events = events;
  }

  @Override
  public Optional<Outbound> handle(Received received) {
    DhcpPacket p = received.packet();
    Optional<MacAddress> mac = p.mac();
    Optional<DhcpMessageType> type = p.messageType();
    if (p.op() != DhcpPacket.BOOTREQUEST || mac.isEmpty() || type.isEmpty()) {
      return Optional.empty();
    }
    if (!received.onProxyPort() && type.get() == DhcpMessageType.REQUEST) {
      learnAddress(p, mac.get());
    }
    PxeClientInfo info = PxeClientInfo.of(p);
    // Only PXE firmware that says what it is (pixiecore also requires option 93): a proxy must
    // never confuse an ordinary client that is talking to the real DHCP server.
    if (!(info.pxeClient() || info.httpClient()) || info.architecture().isEmpty()) {
      return Optional.empty();
    }
    if (!received.onProxyPort()) {
      // On 67 only DISCOVERs: the client's REQUEST there belongs to the real DHCP server.
      return type.get() == DhcpMessageType.DISCOVER
          ? Optional.of(offer(p, mac.get(), info))
          : Optional.empty();
    }
    if (type.get() == DhcpMessageType.REQUEST || type.get() == DhcpMessageType.INFORM) {
      return ack(received, mac.get(), info);
    }
    return Optional.empty();
  }

  /**
   * Notes which address the client is taking from the real DHCP server, without answering: a
   * REQUEST broadcast on 67 names it in option 50 (selecting, init-reboot) or carries it in ciaddr
   * (renewing). BIOS PXE ROMs and iPXE never come to port 4011, so this is the only way a proxy
   * learns their address, and with it which machine the later TFTP and HTTP requests come from. Any
   * client, PXE or not: the booted system's own DHCP client links its stage-3 downloads too.
   */
  private void learnAddress(DhcpPacket p, MacAddress mac) {
    Optional<Inet4Address> ip =
        p.options()
            .address(DhcpOption.REQUESTED_IP)
            .or(() -> Optional.of(p.ciaddr()))
            .filter(a -> !Ipv4.isZero(a));
    ip.ifPresent(a -> directory.remember(a, mac));
  }

  private Outbound offer(DhcpPacket p, MacAddress mac, PxeClientInfo info) {
    events.step(
        mac,
        Optional.empty(),
        info.uuid(),
        BootStep.DHCP_DISCOVER,
        info.describe(),
        Outcome.INFO,
        info.firmwareFacts());
    DhcpBootAnswer answer = policy.firstStage(PxeBoot.request(mac, info, Optional.empty()));
    DhcpOptions.Builder b =
        DhcpOptions.builder()
            .messageType(DhcpMessageType.OFFER)
            .setAddress(DhcpOption.SERVER_ID, settings.serverAddress());
    // UEFI PXE firmware ignores proxy offers that skip boot-server discovery: no option 43 for it
    // on port 67 (dnsmasq, pixiecore); it then asks on port 4011. BIOS ROMs and iPXE get discovery
    // control 8 and download the file directly.
    boolean discoveryControl = !info.firmware().isUefi() || info.ipxe();
    PxeBoot.addOptions(b, p, info, answer, discoveryControl);
    p.options()
        .get(DhcpOption.RELAY_AGENT_INFO)
        .ifPresent(v -> b.set(DhcpOption.RELAY_AGENT_INFO, v));
    DhcpPacket reply =
        PxeBoot.addFields(
            p.replyShell(b.build())
                .withAddresses(Ipv4.ANY, Ipv4.ANY, Ipv4.ANY, p.flags() | DhcpPacket.FLAG_BROADCAST),
            answer);
    events.step(
        mac,
        Optional.empty(),
        info.uuid(),
        BootStep.DHCP_OFFER,
        "proxy, " + PxeBoot.describe(info, answer),
        Outcome.OK,
        bootFacts(info, answer));
    return new Outbound(
        reply,
        ReplyAddressing.destination(p, DhcpMessageType.OFFER, settings.clientPort()),
        DhcpCodec.maxReplySize(p),
        false);
  }

  /**
   * The port-4011 exchange: the client, already configured, asks the proxy directly. The ACK goes
   * back from port 4011 to the request's source port, at ciaddr (dnsmasq), or to the relay.
   */
  private Optional<Outbound> ack(Received received, MacAddress mac, PxeClientInfo info) {
    DhcpPacket p = received.packet();
    Optional<Inet4Address> ip = Optional.of(p.ciaddr()).filter(a -> !Ipv4.isZero(a));
    Optional<byte[]> bootItem = bootItem(p);
    if (bootItem.isPresent() && (bootItem.get()[2] & 0x80) != 0) {
      LOG.debugf("ignoring PXE BIS (credentials) request from %s", mac);
      return Optional.empty();
    }
    ip.ifPresent(a -> directory.remember(a, mac));
    events.step(
        mac,
        ip,
        info.uuid(),
        BootStep.DHCP_REQUEST,
        "proxy port " + settings.proxyPort(),
        Outcome.INFO,
        info.firmwareFacts());
    DhcpBootAnswer answer = policy.firstStage(PxeBoot.request(mac, info, ip));
    DhcpOptions.Builder b =
        DhcpOptions.builder()
            .messageType(DhcpMessageType.ACK)
            .setAddress(DhcpOption.SERVER_ID, settings.serverAddress());
    PxeBoot.addOptions(b, p, info, answer, false);
    bootItem.ifPresent(
        item -> {
          byte[] v = new byte[item.length + 3];
          v[0] = (byte) PXE_BOOT_ITEM;
          v[1] = (byte) item.length;
          System.arraycopy(item, 0, v, 2, item.length);
          v[v.length - 1] = (byte) 0xff;
          b.set(DhcpOption.VENDOR_SPECIFIC, v);
        });
    p.options()
        .get(DhcpOption.RELAY_AGENT_INFO)
        .ifPresent(v -> b.set(DhcpOption.RELAY_AGENT_INFO, v));
    DhcpPacket reply =
        PxeBoot.addFields(
                p.replyShell(b.build()).withAddresses(Ipv4.ANY, Ipv4.ANY, Ipv4.ANY, p.flags()),
                answer)
            .withBoot(answer.nextServer().getHostAddress(), answer.bootFile());
    InetSocketAddress to;
    if (p.relayed()) {
      to = new InetSocketAddress(p.giaddr(), ReplyAddressing.RELAY_PORT);
    } else if (ip.isPresent()) {
      to = new InetSocketAddress(ip.get(), received.sender().getPort());
    } else {
      to = received.sender();
    }
    events.step(
        mac,
        ip,
        info.uuid(),
        BootStep.DHCP_ACK,
        "proxy, " + PxeBoot.describe(info, answer),
        Outcome.OK,
        bootFacts(info, answer));
    return Optional.of(new Outbound(reply, to, DhcpCodec.maxReplySize(p), true));
  }

  private static BootEvent.Facts bootFacts(PxeClientInfo info, DhcpBootAnswer answer) {
    return info.firmwareFacts().withFile(answer.bootFile()).withProfile(answer.profile());
  }

  /** Option 43 sub-option 71 (type u16, layer u16) if the request carries one. */
  private static Optional<byte[]> bootItem(DhcpPacket p) {
    byte[] v = p.options().get(DhcpOption.VENDOR_SPECIFIC).orElse(new byte[0]);
    int i = 0;
    while (i + 1 < v.length) {
      int code = v[i] & 0xff;
      if (code == 0xff) {
        break;
      }
      if (code == 0) {
        i++;
        continue;
      }
      int len = v[i + 1] & 0xff;
      if (i + 2 + len > v.length) {
        break;
      }
      if (code == PXE_BOOT_ITEM && len == 4) {
        return Optional.of(java.util.Arrays.copyOfRange(v, i + 2, i + 6));
      }
      i += 2 + len;
    }
    return Optional.empty();
  }
}
