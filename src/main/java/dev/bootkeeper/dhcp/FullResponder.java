package dev.bootkeeper.dhcp;

import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.BootEvent.Outcome;
import dev.bootkeeper.boot.BootPolicy;
import dev.bootkeeper.boot.BootStep;
import dev.bootkeeper.boot.ClientDirectory;
import dev.bootkeeper.boot.DhcpBootAnswer;
import dev.bootkeeper.boot.FailureReason;
import dev.bootkeeper.boot.Ipv4;
import dev.bootkeeper.boot.LogText;
import dev.bootkeeper.boot.MacAddress;
import java.net.Inet4Address;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/** The full DHCP server (RFC 2131 §4.3): addresses, network options and boot information. */
public final class FullResponder implements Responder {

  private static final Logger LOG = Logger.getLogger(FullResponder.class);

  private final DhcpSettings settings;
  private final LeaseAllocator allocator;
  private final BootPolicy policy;
  private final ClientDirectory directory;
  private final DhcpEvents events;
  private final Consumer<Inet4Address> foreignServer;

  /**
   * @param foreignServer told the server id of any other DHCP server a client chose or that
   *     answered where we could see it
   */
  FullResponder(
      DhcpSettings settings,
      LeaseAllocator allocator,
      BootPolicy policy,
      ClientDirectory directory,
      DhcpEvents events,
      Consumer<Inet4Address> foreignServer) {
    this.settings = settings;
    this.allocator = allocator;
    this.policy = policy;
    this.directory = directory;
    this.events = events;
    this.foreignServer = foreignServer;
  }

  /** Blocks until the reply is ready (a REQUEST waits for its lease's commit). */
  @Override
  public Optional<Outbound> handle(Received received) {
    return answer(received, Runnable::run).toCompletableFuture().join();
  }

  /** A REQUEST's reply comes after its lease's commit; every other reply comes at once. */
  @Override
  public CompletionStage<Optional<Outbound>> answer(Received received, Executor continueOn) {
    DhcpPacket p = received.packet();
    if (p.op() == DhcpPacket.BOOTREPLY) {
      p.options()
          .address(DhcpOption.SERVER_ID)
          .filter(id -> !id.equals(settings.serverAddress()))
          .ifPresent(foreignServer);
      return NOTHING;
    }
    Optional<MacAddress> mac = p.mac();
    Optional<DhcpMessageType> type = p.messageType();
    if (mac.isEmpty() || type.isEmpty() || received.onProxyPort()) {
      LOG.debugf("ignoring %s: not an Ethernet DHCP request", LogText.of(p));
      return NOTHING;
    }
    SubnetChoice choice = SubnetChoice.of(p);
    Optional<Subnet> subnet = choice.in(settings);
    if (subnet.isEmpty()) {
      // RFC 3011 §3 and RFC 3527 §3: a server that cannot serve the named subnet stays silent.
      LOG.debugf("ignoring %s: no configured subnet for %s", type.get(), choice.describe());
      return NOTHING;
    }
    return switch (type.get()) {
      case DISCOVER -> now(discover(p, mac.get(), subnet.get()));
      case REQUEST -> request(p, mac.get(), subnet.get(), continueOn);
      case DECLINE -> now(decline(p, mac.get()));
      case RELEASE -> now(release(p, mac.get()));
      case INFORM -> now(inform(p, mac.get(), subnet.get()));
      case OFFER, ACK, NAK -> NOTHING;
    };
  }

  private static final CompletionStage<Optional<Outbound>> NOTHING = now(Optional.empty());

  private static CompletionStage<Optional<Outbound>> now(Optional<Outbound> reply) {
    return CompletableFuture.completedFuture(reply);
  }

  private Optional<Outbound> discover(DhcpPacket p, MacAddress mac, Subnet subnet) {
    PxeClientInfo info = PxeClientInfo.of(p);
    events.step(
        mac,
        Optional.empty(),
        info.uuid(),
        BootStep.DHCP_DISCOVER,
        info.describe(),
        Outcome.INFO,
        info.firmwareFacts());
    Optional<Lease> lease =
        allocator.offer(
            subnet,
            mac,
            policy.reservedAddress(mac),
            p.options().address(DhcpOption.REQUESTED_IP),
            excluded(subnet, mac));
    if (lease.isEmpty()) {
      events.failed(
          mac,
          Optional.empty(),
          info.uuid(),
          BootStep.DHCP_OFFER,
          FailureReason.NO_FREE_ADDRESS,
          "no free address in " + subnet + " (" + subnet.rangeSize() + " in the range)");
      LOG.warnf("no free address in %s for %s", subnet, mac);
      return Optional.empty();
    }
    Inet4Address ip = lease.get().ip();
    return Optional.of(
        fullReply(
            p,
            mac,
            info,
            subnet,
            DhcpMessageType.OFFER,
            ip,
            BootStep.DHCP_OFFER,
            ip.getHostAddress()));
  }

  private CompletionStage<Optional<Outbound>> request(
      DhcpPacket p, MacAddress mac, Subnet subnet, Executor continueOn) {
    PxeClientInfo info = PxeClientInfo.of(p);
    Optional<Inet4Address> serverId = p.options().address(DhcpOption.SERVER_ID);
    Optional<Inet4Address> requested = p.options().address(DhcpOption.REQUESTED_IP);
    if (serverId.isPresent() && !serverId.get().equals(settings.serverAddress())) {
      // SELECTING another server's offer (RFC 2131 §4.3.2): release what we offered, stay silent.
      allocator.forgetOffer(mac);
      foreignServer.accept(serverId.get());
      return NOTHING;
    }
    Inet4Address ip;
    String state;
    if (serverId.isPresent()) {
      state = "selecting";
      ip = requested.orElse(p.ciaddr());
    } else if (requested.isPresent()) {
      state = "init-reboot";
      ip = requested.get();
    } else {
      state = "renewing";
      ip = p.ciaddr();
    }
    if (Ipv4.isZero(ip)) {
      LOG.debugf("ignoring REQUEST from %s that names no address", mac);
      return NOTHING;
    }
    events.step(
        mac,
        Optional.of(ip),
        info.uuid(),
        BootStep.DHCP_REQUEST,
        state,
        Outcome.INFO,
        info.firmwareFacts());
    return allocator
        .request(subnet, mac, ip, policy.reservedAddress(mac), excluded(subnet, mac))
        .thenApplyAsync(
            decision -> Optional.of(decided(p, mac, info, subnet, ip, decision)), continueOn);
  }

  /** The ACK or NAK of a REQUEST, once its lease is committed or refused. */
  private Outbound decided(
      DhcpPacket p,
      MacAddress mac,
      PxeClientInfo info,
      Subnet subnet,
      Inet4Address ip,
      LeaseAllocator.Decision decision) {
    if (decision instanceof LeaseAllocator.Decision.Nak nak) {
      events.failed(
          mac,
          Optional.of(ip),
          info.uuid(),
          BootStep.DHCP_NAK,
          FailureReason.ADDRESS_REFUSED,
          nak.reason());
      return nak(p, nak.reason());
    }
    directory.remember(ip, mac);
    return fullReply(
        p, mac, info, subnet, DhcpMessageType.ACK, ip, BootStep.DHCP_ACK, ip.getHostAddress());
  }

  private Optional<Outbound> decline(DhcpPacket p, MacAddress mac) {
    if (!forUs(p)) {
      return Optional.empty();
    }
    Optional<Inet4Address> ip = p.options().address(DhcpOption.REQUESTED_IP);
    if (ip.isPresent() && allocator.decline(mac, ip.get())) {
      events.failed(
          mac,
          ip,
          Optional.empty(),
          BootStep.DHCP_DECLINE,
          FailureReason.ADDRESS_IN_USE,
          "the client found the address in use; kept out of the pool");
    }
    return Optional.empty();
  }

  private Optional<Outbound> release(DhcpPacket p, MacAddress mac) {
    if (!forUs(p) || Ipv4.isZero(p.ciaddr())) {
      return Optional.empty();
    }
    allocator.release(mac, p.ciaddr());
    events.step(
        mac,
        Optional.of(p.ciaddr()),
        Optional.empty(),
        BootStep.DHCP_RELEASE,
        "",
        Outcome.INFO,
        BootEvent.Facts.NONE);
    return Optional.empty();
  }

  /** DHCPINFORM (RFC 2131 §4.3.5): configuration only; no yiaddr, no lease time. */
  private Optional<Outbound> inform(DhcpPacket p, MacAddress mac, Subnet subnet) {
    if (Ipv4.isZero(p.ciaddr())) {
      return Optional.empty();
    }
    PxeClientInfo info = PxeClientInfo.of(p);
    directory.remember(p.ciaddr(), mac);
    events.step(
        mac,
        Optional.of(p.ciaddr()),
        info.uuid(),
        BootStep.DHCP_INFORM,
        "",
        Outcome.INFO,
        info.firmwareFacts());
    return Optional.of(
        fullReply(p, mac, info, subnet, DhcpMessageType.ACK, null, BootStep.DHCP_ACK, "inform"));
  }

  /** An OFFER or ACK; {@code yiaddr == null} is a DHCPINFORM answer. */
  private Outbound fullReply(
      DhcpPacket p,
      MacAddress mac,
      PxeClientInfo info,
      Subnet subnet,
      DhcpMessageType type,
      Inet4Address yiaddr,
      BootStep step,
      String detail) {
    DhcpOptions.Builder b = DhcpOptions.builder().messageType(type);
    b.setAddress(DhcpOption.SERVER_ID, settings.serverAddress());
    if (yiaddr != null) {
      long seconds = subnet.leaseTime().getSeconds();
      b.setInt(DhcpOption.LEASE_TIME, seconds);
      b.setInt(DhcpOption.RENEWAL_TIME, seconds / 2);
      b.setInt(DhcpOption.REBINDING_TIME, seconds * 7 / 8);
    }
    b.setAddress(DhcpOption.SUBNET_MASK, subnet.mask());
    subnet.router().ifPresent(r -> b.setAddress(DhcpOption.ROUTER, r));
    if (!subnet.dns().isEmpty()) {
      b.setAddresses(DhcpOption.DNS, subnet.dns());
    }
    subnet.domain().ifPresent(d -> b.setString(DhcpOption.DOMAIN_NAME, d));
    b.setAddress(DhcpOption.BROADCAST_ADDRESS, subnet.broadcast());
    ClientOptions.add(b, p, ConfiguredOption.merge(subnet.options(), hostOptions(mac)));
    Optional<Inet4Address> clientIp = Optional.ofNullable(yiaddr).or(() -> Optional.of(p.ciaddr()));
    Optional<DhcpBootAnswer> boot = Optional.empty();
    Optional<VendorBootFile> vendor = Optional.empty();
    if (info.wantsBoot()) {
      boot = Optional.of(policy.firstStage(PxeBoot.request(mac, info, clientIp)));
      PxeBoot.addOptions(b, p, info, boot.get(), true);
    } else {
      vendor = VendorBootFile.match(settings.vendorBootFiles(), info.vendorClass());
      if (vendor.isPresent() || PlainBoot.asksForBootFile(p)) {
        boot = Optional.of(PlainBoot.answer(policy, PxeBoot.request(mac, info, clientIp), vendor));
        PlainBoot.addOptions(b, p, boot.get(), vendor.isPresent());
      }
    }
    p.options()
        .get(DhcpOption.RELAY_AGENT_INFO)
        .ifPresent(v -> b.set(DhcpOption.RELAY_AGENT_INFO, v));
    // RFC 3011 §3: a server that honours subnet selection returns the option unchanged.
    p.options()
        .get(DhcpOption.SUBNET_SELECTION)
        .ifPresent(v -> b.set(DhcpOption.SUBNET_SELECTION, v));
    // Every client learns the next server (siaddr, RFC 2131 §2), as dnsmasq tells it: plain clients
    // and U-Boot fetch their boot file from there.
    DhcpPacket reply =
        p.replyShell(b.build())
            .withAddresses(
                yiaddr == null ? p.ciaddr() : (type == DhcpMessageType.ACK ? p.ciaddr() : Ipv4.ANY),
                yiaddr == null ? Ipv4.ANY : yiaddr,
                settings.serverAddress(),
                p.flags());
    if (boot.isPresent()) {
      reply =
          info.wantsBoot()
              ? PxeBoot.addFields(reply, boot.get())
              : PlainBoot.addFields(reply, boot.get());
    }
    String text = detail;
    if (boot.isPresent()) {
      text +=
          ", "
              + (info.wantsBoot()
                  ? PxeBoot.describe(info, boot.get())
                  : PlainBoot.describe(boot.get(), vendor));
    }
    BootEvent.Facts facts = info.firmwareFacts();
    if (boot.isPresent()) {
      facts = facts.withFile(boot.get().bootFile()).withProfile(boot.get().profile());
    }
    events.step(
        mac,
        Optional.ofNullable(yiaddr).or(() -> Optional.of(p.ciaddr())),
        info.uuid(),
        step,
        text,
        Outcome.OK,
        facts);
    return new Outbound(
        reply,
        ReplyAddressing.destination(p, type, settings.clientPort()),
        DhcpCodec.maxReplySize(p),
        false);
  }

  /** The host's own options; options stored wrong are logged and left out, never half-sent. */
  private List<ConfiguredOption> hostOptions(MacAddress mac) {
    try {
      return ConfiguredOption.parse("host " + mac.colon() + " options", policy.dhcpOptions(mac));
    } catch (IllegalArgumentException e) {
      LOG.warnf("ignoring the DHCP options of host %s: %s", mac.colon(), e.getMessage());
      return List.of();
    }
  }

  private Outbound nak(DhcpPacket p, String reason) {
    DhcpOptions.Builder b =
        DhcpOptions.builder()
            .messageType(DhcpMessageType.NAK)
            .setAddress(DhcpOption.SERVER_ID, settings.serverAddress())
            .setString(DhcpOption.MESSAGE, reason);
    p.options()
        .get(DhcpOption.RELAY_AGENT_INFO)
        .ifPresent(v -> b.set(DhcpOption.RELAY_AGENT_INFO, v));
    p.options()
        .get(DhcpOption.SUBNET_SELECTION)
        .ifPresent(v -> b.set(DhcpOption.SUBNET_SELECTION, v));
    // RFC 2131 §4.3.2: a relayed NAK carries the broadcast bit so the relay broadcasts it.
    int flags = p.relayed() ? p.flags() | DhcpPacket.FLAG_BROADCAST : p.flags();
    DhcpPacket reply = p.replyShell(b.build()).withAddresses(Ipv4.ANY, Ipv4.ANY, Ipv4.ANY, flags);
    return new Outbound(
        reply,
        ReplyAddressing.destination(p, DhcpMessageType.NAK, settings.clientPort()),
        DhcpCodec.maxReplySize(p),
        false);
  }

  private boolean forUs(DhcpPacket p) {
    return p.options()
        .address(DhcpOption.SERVER_ID)
        .map(id -> id.equals(settings.serverAddress()))
        .orElse(true);
  }

  /**
   * Addresses {@code mac} must not get dynamically: this server's, the router's and the DNS
   * servers', and any address reserved for another host (asked only for candidates, so the policy
   * sees one question per address considered, not one per pool entry).
   */
  private Predicate<Inet4Address> excluded(Subnet subnet, MacAddress mac) {
    Set<Inet4Address> infrastructure = new HashSet<>();
    infrastructure.add(settings.serverAddress());
    subnet.router().ifPresent(infrastructure::add);
    infrastructure.addAll(subnet.dns());
    return ip -> infrastructure.contains(ip) || policy.isReservedForOther(ip, mac);
  }
}
