package dev.bootkeeper.dhcp;

import dev.bootkeeper.background.ThreadNice;
import dev.bootkeeper.boot.BootEventSink;
import dev.bootkeeper.boot.BootPolicy;
import dev.bootkeeper.boot.ClientDirectory;
import dev.bootkeeper.boot.Ipv4;
import dev.bootkeeper.boot.LogText;
import dev.bootkeeper.net.NettyTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The DHCP / proxyDHCP server on Netty UDP. Sockets:
 *
 * <ul>
 *   <li>{@code 0.0.0.0:67}: receives everything, including the clients' broadcasts, which only a
 *       socket bound to the wildcard address receives;
 *   <li>{@code <server address>:67}: sends the replies. Bound to the server address, the kernel
 *       sends limited broadcasts (255.255.255.255) out of the interface that owns that address, and
 *       with it as source, even on a host with no default route or several interfaces; it also
 *       receives unicasts to that address (renewals);
 *   <li>{@code 0.0.0.0:4011} in proxy mode, for the PXE boot-server exchange of UEFI firmware.
 * </ul>
 *
 * Policy and lease-store calls run on {@link WorkLanes}, never on the event loop. {@link #apply}
 * stops and restarts with new settings, so the mode can change without restarting the JVM.
 */
public final class DhcpServer implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(DhcpServer.class);

  private final BootPolicy policy;
  private final LeaseStore leases;
  private final ClientDirectory directory;
  private final BootEventSink sink;
  private final Clock clock;

  /**
   * A DISCOVER that waited this long is not answered: iPXE has retransmitted it by then (after 1 s;
   * a PXE ROM waits 4 s, RFC 2131 §4.1 clients about as long), and the retransmission is in the
   * queue. Answering stale DISCOVERs first is how a server that fell behind never catches up.
   */
  static final long DISCOVER_MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1000);

  /** A REQUEST (or RELEASE, DECLINE, INFORM) completes an exchange: it may wait longer. */
  static final long REQUEST_MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(3000);

  /**
   * The receive buffer asked of the kernel for each listening socket. A boot storm that starts with
   * the appliance meets a JVM that is still compiling its code, and the event loop may fall behind
   * at first: with the kernel's default (208 KiB, about a hundred DHCP datagrams) and 128 workers
   * the kernel dropped 4% of a 1,000/s storm's packets before they were read. The kernel caps the
   * request at net.core.rmem_max and doubles it for its own bookkeeping: on a default system this
   * asks for 416 KiB, where a 1,000/s storm from ready lost nothing at the socket with the default
   * worker count. Not more: beyond what the server can serve, a buffer of several MiB held seconds
   * of packets whose clients had given up, and the server spent its time on them (2,000/s offered
   * for 10 s, two runs each: 12,296 and 19,447 ACKs with 8 MiB granted, 16,614 and 19,587 with 1
   * MiB).
   */
  static final int RECEIVE_BUFFER = 1 << 20;

  /**
   * Below this (what the kernel granted), the start warns and names the sysctl to raise: less than
   * a default system grants means something set net.core.rmem_max below the kernel's default.
   */
  static final int LOW_RECEIVE_BUFFER = 256 << 10;

  private final DhcpStats stats = new DhcpStats();
  private final AtomicLong malformedLogged = new AtomicLong();
  private volatile String foreignServer;

  private DhcpSettings settings;
  private EventLoopGroup group;
  private WorkLanes lanes;
  private Channel listen;
  private Channel send;
  private Channel proxy;
  private volatile Responder responder;

  public DhcpServer(
      BootPolicy policy,
      LeaseStore leases,
      ClientDirectory directory,
      BootEventSink sink,
      Clock clock) {
    this.policy = policy;
    this.leases = leases;
    this.directory = directory;
    this.sink = sink;
    this.clock = clock;
  }

  /**
   * Stops what runs and starts with {@code next}; with mode {@code off} it only stops.
   *
   * @throws DhcpBindException when a port cannot be bound (the server is then stopped)
   */
  public synchronized void apply(DhcpSettings next) {
    stop();
    settings = next;
    if (next.mode() == DhcpMode.OFF) {
      LOG.info("DHCP is off");
      return;
    }
    DhcpEvents events = new DhcpEvents(sink, clock);
    responder =
        next.mode() == DhcpMode.FULL
            ? new FullResponder(
                next,
                new LeaseAllocator(leases, clock, next.offerHold(), next.declineHold()),
                policy,
                directory,
                events,
                this::foreignServerSeen)
            : new ProxyResponder(next, policy, directory, events);
    group = NettyTransport.newGroup(1, new DefaultThreadFactory(LOOP_THREADS, true));
    int workers =
        next.workers() == DhcpSettings.AUTOMATIC_WORKERS
            ? workersFor(leases, Runtime.getRuntime().availableProcessors())
            : next.workers();
    lanes = new WorkLanes(workers, WORKER_THREADS);
    try {
      listen = bind(next.bindAddress(), next.port(), false);
      int port = ((InetSocketAddress) listen.localAddress()).getPort();
      send = sendSocket(next, port);
      if (next.mode() == DhcpMode.PROXY) {
        proxy = bind(next.bindAddress(), next.proxyPort(), true);
      }
    } catch (DhcpBindException e) {
      stop();
      throw e;
    }
    LOG.infof(
        "DHCP %s mode on %s:%d%s, server address %s, %d workers",
        next.mode().name().toLowerCase(java.util.Locale.ROOT),
        next.bindAddress().getHostAddress(),
        port(),
        proxy == null ? "" : " and proxy port " + proxyPort(),
        next.serverAddress().getHostAddress(),
        workers);
  }

  /**
   * Worker threads when the configuration names none. With a store that answers without waiting
   * (the embedded database: offers held in memory, claims committed behind the answer), a worker's
   * work is computing and in-process reads, and more threads than a few per core only share the
   * cores among more clients at once: every answer comes late together, and the lanes' deadlines,
   * checked when work is taken, no longer shed anything. Measured on 2 cores, a fresh appliance,
   * perfdhcp with 200 clients: 4,000 DORA/s offered were ACKed at 920-1,510/s by 128 workers and at
   * 2,190-2,970/s by 8; at 1,000/s DISCOVER to OFFER took 3.6-3.9 ms with 8, 5.6-15 ms with 128 (4
   * and 16 did worse than 8). A store whose offers wait for a commit (PostgreSQL) keeps 128: there
   * a worker mostly waits, and the waiting claims share one commit.
   */
  static int workersFor(LeaseStore store, int cores) {
    return store.answersWithoutWaiting() ? Math.max(4, 4 * cores) : 128;
  }

  /** The name prefixes of the event loop's and the workers' threads. */
  private static final String LOOP_THREADS = "dhcp-loop";

  private static final String WORKER_THREADS = "dhcp-worker";

  /** The names Linux shows for this server's threads (the loop, the workers, the lease writer). */
  static boolean isServerThread(String linuxName) {
    return linuxName.startsWith(LOOP_THREADS + "-")
        || linuxName.startsWith(WORKER_THREADS + "-")
        || linuxName.equals(ThreadNice.linuxName(QueuedLeaseWriter.THREAD));
  }

  /** Names the sysctl when the kernel granted less than {@link #LOW_RECEIVE_BUFFER}. */
  private static void warnIfSmall(Channel channel) {
    int granted = ((DatagramChannel) channel).config().getReceiveBufferSize();
    if (granted < LOW_RECEIVE_BUFFER) {
      LOG.warnf(
          "DHCP receive buffer is %d KiB (the kernel caps it at net.core.rmem_max): the first"
              + " second of a boot storm may overflow it; 'sysctl -w net.core.rmem_max=%d' lets"
              + " Bootkeeper have %d KiB",
          granted / 1024, RECEIVE_BUFFER, RECEIVE_BUFFER / 1024);
    }
  }

  private Channel bind(Inet4Address address, int port, boolean proxyPort) {
    try {
      Channel channel =
          new Bootstrap()
              .group(group)
              .channel(NettyTransport.datagramChannel(group))
              .option(ChannelOption.SO_BROADCAST, true)
              .option(ChannelOption.SO_REUSEADDR, true)
              .option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER)
              .handler(new Inbound(proxyPort))
              .bind(address, port)
              .syncUninterruptibly()
              .channel();
      warnIfSmall(channel);
      return channel;
    } catch (Exception e) {
      throw new DhcpBindException(
          "cannot bind DHCP UDP port "
              + address.getHostAddress()
              + ":"
              + port
              + ": "
              + e.getMessage()
              + (port < 1024 ? " (ports below 1024 need root or CAP_NET_BIND_SERVICE)" : ""),
          e);
    }
  }

  /**
   * The reply socket bound to the server address, when that is a real local address and the
   * listener is on the wildcard; otherwise the listener sends itself.
   */
  private Channel sendSocket(DhcpSettings s, int port) {
    if (!Ipv4.isZero(s.bindAddress()) || s.serverAddress().isLoopbackAddress()) {
      return listen;
    }
    try {
      return bind(s.serverAddress(), port, false);
    } catch (DhcpBindException e) {
      LOG.warnf(
          "%s; replies leave through the wildcard socket, so broadcasts follow the default route",
          e.getMessage());
      return listen;
    }
  }

  public synchronized void stop() {
    for (Channel c : new Channel[] {proxy, send, listen}) {
      if (c != null) {
        c.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
      }
    }
    proxy = null;
    send = null;
    listen = null;
    if (lanes != null) {
      lanes.close();
      lanes = null;
    }
    if (group != null) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
      group = null;
    }
  }

  @Override
  public void close() {
    stop();
  }

  public synchronized Optional<DhcpSettings> settings() {
    return Optional.ofNullable(settings);
  }

  public synchronized boolean running() {
    return listen != null;
  }

  /** The bound DHCP port (useful when configured as 0). */
  public synchronized int port() {
    return listen == null ? -1 : ((InetSocketAddress) listen.localAddress()).getPort();
  }

  public synchronized int proxyPort() {
    return proxy == null ? -1 : ((InetSocketAddress) proxy.localAddress()).getPort();
  }

  public DhcpStats stats() {
    return stats;
  }

  public LeaseStore leases() {
    return leases;
  }

  /**
   * Another DHCP server's id, when one was seen on the segment: a client's REQUEST that names it (a
   * client chose its offer), or its OFFER/ACK relayed to our port. Two servers on one segment hand
   * out conflicting boot information, so this is logged as a warning once per server.
   */
  public Optional<String> foreignServerSeen() {
    return Optional.ofNullable(foreignServer);
  }

  private void foreignServerSeen(Inet4Address id) {
    String text = id.getHostAddress();
    if (!text.equals(foreignServer)) {
      foreignServer = text;
      LOG.warnf(
          "another DHCP server (%s) answers on this network: clients may get its addresses or"
              + " boot information instead of Bootkeeper's",
          text);
    }
  }

  private void handle(DatagramPacket packet, boolean onProxyPort) {
    stats.received();
    ByteBuf content = packet.content();
    byte[] data = new byte[content.readableBytes()];
    content.getBytes(content.readerIndex(), data);
    DhcpPacket decoded;
    try {
      decoded = DhcpCodec.decode(data);
    } catch (MalformedDhcpException e) {
      stats.malformed();
      long n = malformedLogged.getAndIncrement();
      if (n == 0 || n % 1000 == 0) {
        LOG.warnf(
            "dropping malformed DHCP datagram from %s: %s (%d so far)",
            packet.sender(), LogText.of(e.getMessage()), n + 1);
      } else {
        LOG.debugf(
            "dropping malformed DHCP datagram from %s: %s",
            packet.sender(), LogText.of(e.getMessage()));
      }
      return;
    }
    Received received = new Received(decoded, packet.sender(), onProxyPort);
    Responder r = responder;
    WorkLanes l = lanes;
    int key = Arrays.hashCode(Arrays.copyOf(decoded.chaddr(), Math.min(decoded.hlen(), 16)));
    boolean discover = decoded.messageType().filter(t -> t == DhcpMessageType.DISCOVER).isPresent();
    if (l == null
        || !l.submit(
            key,
            discover ? WorkLanes.Kind.NEW : WorkLanes.Kind.URGENT,
            discover ? DISCOVER_MAX_WAIT_NANOS : REQUEST_MAX_WAIT_NANOS,
            sameLane -> respond(r, received, sameLane),
            stats::dropped)) {
      stats.dropped();
    }
  }

  /**
   * Answers on the client's lane; a reply that waits (a REQUEST's commit) is sent from the lane
   * when it is ready, and the lane serves other clients meanwhile.
   */
  private CompletionStage<?> respond(Responder r, Received received, Executor sameLane) {
    CompletionStage<Optional<Outbound>> answer;
    try {
      answer = r.answer(received, sameLane);
    } catch (RuntimeException e) {
      couldNotAnswer(received, e);
      return null;
    }
    return answer.whenComplete(
        (out, failure) -> {
          if (failure != null) {
            couldNotAnswer(received, failure);
          } else {
            send(out);
          }
        });
  }

  private void couldNotAnswer(Received received, Throwable failure) {
    stats.dropped();
    LOG.errorf(failure, "could not answer %s", LogText.of(received.packet()));
  }

  private void send(Optional<Outbound> out) {
    if (out.isEmpty()) {
      stats.ignored();
      return;
    }
    Channel channel = out.get().fromProxyPort() ? proxy : send;
    if (channel == null) {
      stats.dropped();
      return;
    }
    byte[] bytes = out.get().encode();
    channel
        .writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(bytes), out.get().destination()))
        .addListener(
            f -> {
              if (f.isSuccess()) {
                stats.replied();
              } else {
                stats.dropped();
                LOG.warnf(
                    "could not send DHCP reply to %s: %s",
                    out.get().destination(), f.cause().getMessage());
              }
            });
  }

  @ChannelHandler.Sharable
  private final class Inbound extends SimpleChannelInboundHandler<DatagramPacket> {
    private final boolean proxyPort;

    Inbound(boolean proxyPort) {
      this.proxyPort = proxyPort;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      handle(packet, proxyPort);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.warnf("DHCP socket error: %s", cause.getMessage());
    }
  }
}
