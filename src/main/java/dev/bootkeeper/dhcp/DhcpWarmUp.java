package dev.bootkeeper.dhcp;

import dev.bootkeeper.boot.BootPolicy;
import dev.bootkeeper.boot.ClientDirectory;
import dev.bootkeeper.boot.Ipv4;
import dev.bootkeeper.boot.MacAddress;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Runs synthetic DORA exchanges through the codec, the full responder, the policy and the lease
 * store's reads before the server opens its sockets. A boot storm starts together with the
 * appliance (after a power cut): without this, its first clients meet an interpreter, unloaded
 * classes and unprepared queries, answers take seconds, and the clients' retransmissions pile up
 * behind them.
 *
 * <p>Nothing leaves the process and nothing is stored: the packets are encoded and decoded in
 * memory, addresses come from an in-memory lease store, boot events go nowhere, and the policy
 * records no sighting ({@link BootPolicy#withoutRecording}). The store is read (by MAC and by
 * address, for MACs that no client has: locally administered, 02:00:5e:ff:..), and its claims are
 * rehearsed ({@link LeaseStore#rehearseClaims}: written and rolled back) for addresses of
 * 0.0.0.0/8, which no DHCP client is ever given (RFC 1122 3.2.1.3: "this network").
 */
final class DhcpWarmUp {

  private static final Logger LOG = Logger.getLogger(DhcpWarmUp.class);

  /** Exchanges run at most; about what C1 needs to compile the request path. */
  static final int EXCHANGES = 3_000;

  /** Distinct synthetic clients (they come back, as perfdhcp's and real ones do). */
  static final int CLIENTS = 100;

  /** The warm-up never delays the start by more than this. */
  static final Duration MAX = Duration.ofMillis(2_500);

  /**
   * Lease claims rehearsed at most, in batches of {@link #CLAIMS_PER_BATCH} (a storm's commits).
   */
  static final int CLAIMS = 500;

  static final int CLAIMS_PER_BATCH = 25;

  /** Of {@link #MAX}, what the claims' rehearsal may take. */
  static final Duration CLAIMS_MAX = Duration.ofMillis(250);

  record Result(int exchanges, int answered, int claimsRehearsed, Duration took) {}

  private DhcpWarmUp() {}

  static Result run(DhcpSettings settings, BootPolicy policy, LeaseStore store) {
    long start = System.nanoTime();
    Optional<Subnet> subnet = settings.subnets().stream().findFirst();
    if (settings.mode() != DhcpMode.FULL || subnet.isEmpty()) {
      return new Result(0, 0, 0, Duration.ZERO);
    }
    Clock clock = Clock.systemUTC();
    FullResponder responder =
        new FullResponder(
            settings,
            new LeaseAllocator(
                new InMemoryLeaseStore(), clock, settings.offerHold(), settings.declineHold()),
            policy.withoutRecording(),
            new ClientDirectory(),
            new DhcpEvents(event -> {}, clock),
            foreign -> {});
    // Relayed, so the synthetic requests belong to the first subnet whatever the server address.
    Inet4Address relay = subnet.get().first();
    InetSocketAddress sender = new InetSocketAddress(relay, 67);
    long deadline = start + MAX.toNanos();
    int n = 0;
    int answered = 0;
    for (; n < EXCHANGES && System.nanoTime() < deadline; n++) {
      MacAddress mac = syntheticMac(n % CLIENTS);
      boolean pxe = n % 2 == 0;
      try {
        Optional<Outbound> offer = respond(responder, discover(n, mac, relay, pxe), sender);
        store.byMac(mac);
        if (offer.isEmpty()) {
          continue;
        }
        Inet4Address ip = offer.get().packet().yiaddr();
        store.byIp(ip);
        Optional<Outbound> ack =
            respond(responder, request(n, mac, relay, pxe, ip, settings.serverAddress()), sender);
        if (ack.isPresent()) {
          answered++;
        }
      } catch (RuntimeException | MalformedDhcpException e) {
        LOG.debugf("DHCP warm-up exchange %d failed: %s", n, e);
      }
    }
    int claims = rehearseClaims(store, clock);
    return new Result(n, answered, claims, Duration.ofNanos(System.nanoTime() - start));
  }

  /** Claims written and rolled back; a store that refuses them leaves its first claims cold. */
  private static int rehearseClaims(LeaseStore store, Clock clock) {
    long deadline = System.nanoTime() + CLAIMS_MAX.toNanos();
    int done = 0;
    try {
      while (done < CLAIMS && System.nanoTime() < deadline) {
        Instant now = clock.instant();
        List<Lease> batch = new ArrayList<>(CLAIMS_PER_BATCH);
        for (int i = 0; i < CLAIMS_PER_BATCH; i++) {
          int k = done + i;
          batch.add(
              new Lease(
                  Ipv4.fromInt(THIS_NETWORK + k),
                  syntheticMac(k),
                  now.plusSeconds(3_600),
                  Lease.State.BOUND));
        }
        store.rehearseClaims(batch, now);
        done += batch.size();
      }
    } catch (RuntimeException e) {
      LOG.debugf("DHCP warm-up: rehearsal of lease claims failed: %s", e);
    }
    return done;
  }

  private static Optional<Outbound> respond(
      FullResponder responder, DhcpPacket packet, InetSocketAddress sender)
      throws MalformedDhcpException {
    DhcpPacket decoded = DhcpCodec.decode(DhcpCodec.encode(packet));
    Optional<Outbound> out = responder.handle(new Received(decoded, sender, false));
    out.ifPresent(Outbound::encode);
    return out;
  }

  /** 0.255.0.0: inside 0.0.0.0/8, which is never leased. */
  private static final int THIS_NETWORK = 0x00ff0000;

  private static MacAddress syntheticMac(int i) {
    return MacAddress.of(String.format("02:00:5e:ff:%02x:%02x", (i >> 8) & 0xff, i & 0xff));
  }

  private static DhcpPacket discover(int xid, MacAddress mac, Inet4Address relay, boolean pxe) {
    return packet(xid, mac, relay, options(DhcpMessageType.DISCOVER, pxe));
  }

  private static DhcpPacket request(
      int xid,
      MacAddress mac,
      Inet4Address relay,
      boolean pxe,
      Inet4Address ip,
      Inet4Address server) {
    return packet(
        xid,
        mac,
        relay,
        options(DhcpMessageType.REQUEST, pxe)
            .setAddress(DhcpOption.REQUESTED_IP, ip)
            .setAddress(DhcpOption.SERVER_ID, server));
  }

  private static DhcpOptions.Builder options(DhcpMessageType type, boolean pxe) {
    DhcpOptions.Builder b =
        DhcpOptions.builder()
            .messageType(type)
            .set(DhcpOption.PARAMETER_REQUEST_LIST, new byte[] {1, 3, 6, 15, 28, 66, 67});
    if (pxe) {
      b.set(
              DhcpOption.VENDOR_CLASS,
              "PXEClient:Arch:00007:UNDI:003016".getBytes(StandardCharsets.US_ASCII))
          .set(DhcpOption.CLIENT_ARCH, new byte[] {0, 7});
    }
    return b;
  }

  private static DhcpPacket packet(
      int xid, MacAddress mac, Inet4Address relay, DhcpOptions.Builder options) {
    Inet4Address any = Ipv4.ANY;
    return new DhcpPacket(
        DhcpPacket.BOOTREQUEST,
        DhcpPacket.HTYPE_ETHERNET,
        6,
        1,
        xid,
        0,
        0,
        any,
        any,
        any,
        relay,
        DhcpPacket.chaddrOf(mac),
        "",
        "",
        options.build());
  }
}
