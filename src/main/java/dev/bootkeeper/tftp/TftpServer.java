package dev.bootkeeper.tftp;

import dev.bootkeeper.boot.BootClient;
import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.BootEventSink;
import dev.bootkeeper.boot.BootFile;
import dev.bootkeeper.boot.BootFiles;
import dev.bootkeeper.boot.ClientDirectory;
import dev.bootkeeper.boot.FileLookup;
import dev.bootkeeper.boot.MacAddress;
import dev.bootkeeper.net.NettyTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Bootkeeper's read-only TFTP server. Requests arrive on one UDP port; each transfer gets its own
 * channel on an ephemeral port of the same event loop group (RFC 1350 §4). Path lookups and disk
 * reads run on a small I/O pool, never on an event loop. Admission (how many transfers run, who
 * waits) lives on the request channel's event loop, so it needs no locks.
 */
public final class TftpServer implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(TftpServer.class);

  /** netascii is converted in memory; boot clients use octet, so a modest limit suffices. */
  static final long NETASCII_MAX = 64L * 1024 * 1024;

  private static final Pattern PXELINUX_MAC =
      Pattern.compile("(?i)(?:^|[/\\\\])pxelinux\\.cfg[/\\\\]01-((?:[0-9a-f]{2}-){5}[0-9a-f]{2})$");

  private final TftpConfig config;
  private final BootFiles files;
  private final BootEventSink events;
  private final ClientDirectory clients;
  private final EventLoopGroup group;
  private final OptionNegotiator negotiator;
  private final FileCache cache;
  private final TftpStats stats = new TftpStats();
  private final Set<String> loggedReasons = ConcurrentHashMap.newKeySet();

  private ThreadPoolExecutor ioPool;
  private Channel requests;
  private EventLoop mainLoop;
  private Bootstrap transfers;
  private Bootstrap strayPorts;
  private io.netty.util.concurrent.ScheduledFuture<?> expiry;

  // Confined to mainLoop.
  private final Map<InetSocketAddress, TransferSession> active = new HashMap<>();

  /** The file each client port's transfer is for, from admission until the transfer ends. */
  private final Map<InetSocketAddress, String> fileOf = new HashMap<>();

  /** Transfers completed lately, per client port, oldest first: to spot late repeats. */
  private final LinkedHashMap<InetSocketAddress, Ended> recentlyEnded = new LinkedHashMap<>();

  private record Ended(String name, long heardNanos, long endedNanos) {}

  /** How long a completed transfer is remembered: longer than any client's request retry. */
  private static final long REMEMBER_ENDED_NANOS = TimeUnit.SECONDS.toNanos(10);

  /** How long a request that may be a repeat waits for the transfer's pending packets. */
  private static final long RECHECK_MILLIS = 100;

  private final LinkedHashMap<InetSocketAddress, Pending> queued = new LinkedHashMap<>();
  private int launching;

  /** A request whose file is ready, waiting for a transfer slot. */
  private record Pending(
      InetSocketAddress from,
      BootClient client,
      String name,
      long size,
      byte[] content,
      Path path,
      TransferOptions options,
      long queuedAtNanos,
      long arrivedNanos) {}

  /** What the I/O pool found for a request. */
  private sealed interface Prepared {
    record Ready(String name, long size, byte[] content, Path path) implements Prepared {}

    record Missing(String path) implements Prepared {}

    record Refused(String path, String reason) implements Prepared {}

    record Broken(String path, String reason) implements Prepared {}
  }

  public TftpServer(
      TftpConfig config,
      BootFiles files,
      BootEventSink events,
      ClientDirectory clients,
      EventLoopGroup group) {
    this.config = config;
    this.files = files;
    this.events = events;
    this.clients = clients;
    this.group = group;
    this.negotiator = new OptionNegotiator(config.maxBlksize(), config.maxWindowsize());
    this.cache = new FileCache(config.cacheBytes(), config.cacheMaxFileBytes());
  }

  /**
   * Binds the request port.
   *
   * @throws IllegalStateException naming the port and the reason when it cannot be bound
   */
  public synchronized void start() {
    AtomicInteger n = new AtomicInteger();
    ioPool =
        new ThreadPoolExecutor(
            config.ioThreads(),
            config.ioThreads(),
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(10_000),
            r -> {
              Thread t = new Thread(r, "tftp-io-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    ioPool.allowCoreThreadTimeOut(true);
    strayPorts =
        new Bootstrap()
            .group(group)
            .channel(NettyTransport.datagramChannel(group))
            .handler(new ForeignTidReplier(stats));
    transfers =
        new Bootstrap()
            .group(group)
            .channel(NettyTransport.datagramChannel(group))
            .option(ChannelOption.SO_SNDBUF, 1 << 20)
            .option(ChannelOption.SO_REUSEADDR, true)
            .handler(Placeholder.INSTANCE);
    InetSocketAddress at = new InetSocketAddress(config.bindAddress(), config.port());
    ChannelFuture f =
        new Bootstrap()
            .group(group)
            .channel(NettyTransport.datagramChannel(group))
            .option(ChannelOption.SO_RCVBUF, 1 << 20)
            .handler(new RequestHandler())
            .bind(at)
            .awaitUninterruptibly();
    if (!f.isSuccess()) {
      ioPool.shutdownNow();
      throw new IllegalStateException(
          "TFTP: cannot bind UDP "
              + config.bindAddress()
              + ":"
              + config.port()
              + " ("
              + f.cause()
              + ")",
          f.cause());
    }
    requests = f.channel();
    mainLoop = requests.eventLoop();
    expiry = mainLoop.scheduleAtFixedRate(this::expireQueue, 1, 1, TimeUnit.SECONDS);
    LOG.infof("TFTP server listening on UDP %s", requests.localAddress());
  }

  /** The bound request port (useful when configured as 0). */
  public int port() {
    return ((InetSocketAddress) requests.localAddress()).getPort();
  }

  public TftpStats stats() {
    return stats;
  }

  @Override
  public synchronized void close() {
    if (requests == null) {
      return;
    }
    expiry.cancel(false);
    requests.close().awaitUninterruptibly();
    mainLoop
        .submit(
            () -> {
              new ArrayList<>(active.values()).forEach(s -> s.cancel("server shutting down"));
              queued.clear();
            })
        .awaitUninterruptibly(5, TimeUnit.SECONDS);
    ioPool.shutdown();
    requests = null;
  }

  /** Transfer channels get their session handler once bound; until then nothing is read. */
  @ChannelHandler.Sharable
  private static final class Placeholder extends ChannelInboundHandlerAdapter {
    static final Placeholder INSTANCE = new Placeholder();
  }

  private final class RequestHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
      onRequest(msg.sender(), TftpCodec.decode(msg.content().nioBuffer()));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.debugf("TFTP request port: %s", cause.toString());
    }
  }

  private void onRequest(InetSocketAddress from, TftpCodec.Decoded decoded) {
    if (decoded instanceof TftpCodec.Decoded.Malformed m) {
      malformed(from, m.reason());
      m.reply().ifPresent(e -> reply(from, e));
      return;
    }
    TftpPacket p = ((TftpCodec.Decoded.Ok) decoded).packet();
    if (p instanceof TftpPacket.ReadRequest rrq) {
      onReadRequest(from, rrq);
    } else if (p instanceof TftpPacket.WriteRequest wrq) {
      // Boot images are served, never received: RFC 1350 error 2.
      stats.refused.increment();
      reply(from, TftpCodec.error(TftpErrorCode.ACCESS_VIOLATION, "read-only server"));
      BootClient client = identify(from.getAddress(), wrq.filename());
      publish(client, "transfer-failed", "write refused: " + wrq.filename(), false);
    } else if (!(p instanceof TftpPacket.Error)) {
      malformed(from, p.getClass().getSimpleName() + " sent to the request port");
    }
  }

  private void onReadRequest(InetSocketAddress from, TftpPacket.ReadRequest rrq) {
    Optional<TransferMode> mode = TransferMode.fromWire(rrq.mode());
    if (mode.isEmpty()) {
      malformed(from, "unsupported mode '" + rrq.mode() + "'");
      reply(
          from, TftpCodec.error(TftpErrorCode.ILLEGAL_OPERATION, "unsupported mode " + rrq.mode()));
      return;
    }
    long arrived = System.nanoTime();
    BootClient client = identify(from.getAddress(), rrq.filename());
    try {
      ioPool.execute(
          () -> {
            Prepared prepared = prepare(rrq.filename(), mode.get(), client);
            mainLoop.execute(() -> onPrepared(from, client, rrq, mode.get(), prepared, arrived));
          });
    } catch (RejectedExecutionException e) {
      busy(from, client, rrq.filename());
    }
  }

  /** On the I/O pool: the lookup, and the bytes when they come from memory. */
  private Prepared prepare(String requested, TransferMode mode, BootClient client) {
    FileLookup lookup;
    try {
      lookup = files.lookup(requested, client);
    } catch (RuntimeException e) {
      return new Prepared.Broken(requested, "lookup failed: " + e);
    }
    if (lookup instanceof FileLookup.Missing m) {
      return new Prepared.Missing(m.path());
    }
    if (lookup instanceof FileLookup.Refused r) {
      return new Prepared.Refused(r.path(), r.reason());
    }
    BootFile file = ((FileLookup.Found) lookup).file();
    try {
      byte[] content = null;
      Path path = null;
      long size;
      if (file instanceof BootFile.Rendered r) {
        content = r.content();
        size = content.length;
      } else {
        BootFile.OnDisk d = (BootFile.OnDisk) file;
        path = d.path();
        content = cache.get(path).orElse(null);
        size = content != null ? content.length : d.size();
      }
      if (mode == TransferMode.NETASCII) {
        if (content == null) {
          if (size > NETASCII_MAX) {
            return new Prepared.Broken(file.name(), "too large for netascii mode");
          }
          content = FileCache.readAll(path, size);
        }
        content = Netascii.encode(content);
        size = content.length;
      }
      return new Prepared.Ready(file.name(), size, content, path);
    } catch (IOException e) {
      return new Prepared.Broken(file.name(), "cannot read: " + e.getMessage());
    }
  }

  private void onPrepared(
      InetSocketAddress from,
      BootClient client,
      TftpPacket.ReadRequest rrq,
      TransferMode mode,
      Prepared prepared,
      long arrivedNanos) {
    if (prepared instanceof Prepared.Missing m) {
      // pxelinux probes many names that do not exist: answer at once, no noise in the log.
      stats.notFound.increment();
      reply(from, TftpCodec.error(TftpErrorCode.FILE_NOT_FOUND, "file not found"));
      publish(client, "transfer-failed", "not found: " + rrq.filename(), true);
      return;
    }
    if (prepared instanceof Prepared.Refused r) {
      stats.refused.increment();
      LOG.infof("TFTP: refused %s from %s: %s", quote(rrq.filename()), from, r.reason());
      reply(from, TftpCodec.error(TftpErrorCode.ACCESS_VIOLATION, "access violation"));
      publish(client, "transfer-failed", "refused: " + rrq.filename() + ": " + r.reason(), false);
      return;
    }
    if (prepared instanceof Prepared.Broken b) {
      stats.failed.increment();
      LOG.warnf("TFTP: cannot serve %s to %s: %s", b.path(), from, b.reason());
      reply(from, TftpCodec.error(TftpErrorCode.NOT_DEFINED, b.reason()));
      publish(client, "transfer-failed", b.path() + ": " + b.reason(), false);
      return;
    }
    Prepared.Ready ready = (Prepared.Ready) prepared;
    OptionNegotiator.Outcome outcome = negotiator.negotiate(rrq.options(), mode, ready.size());
    if (outcome instanceof OptionNegotiator.Outcome.Refused r) {
      stats.failed.increment();
      reply(from, TftpCodec.error(TftpErrorCode.OPTION_REFUSED, r.reason()));
      publish(client, "transfer-failed", ready.name() + ": " + r.reason(), false);
      return;
    }
    TransferOptions options = ((OptionNegotiator.Outcome.Agreed) outcome).options();
    admit(
        new Pending(
            from,
            client,
            ready.name(),
            ready.size(),
            ready.content(),
            ready.path(),
            options,
            System.nanoTime(),
            arrivedNanos));
  }

  /** FIFO admission: run now if a slot is free, else wait in the queue, else ERROR 0. */
  private void admit(Pending p) {
    admit(p, true);
  }

  private void admit(Pending p, boolean mayWait) {
    Repeat repeat = repeatOf(p);
    if (repeat == Repeat.UNSURE && mayWait) {
      mainLoop.schedule(() -> admit(p, false), RECHECK_MILLIS, TimeUnit.MILLISECONDS);
      return;
    }
    if (repeat != Repeat.NO) {
      stats.repeatedRequests.increment();
      return;
    }
    fileOf.put(p.from(), p.name());
    TransferSession old = active.remove(p.from());
    if (old != null) {
      // A client cannot run two transfers from one port: the new request replaces the old one.
      old.supersede();
    }
    if (queued.containsKey(p.from())) {
      queued.put(p.from(), p);
      return;
    }
    if (queued.isEmpty() && active.size() + launching < config.maxTransfers()) {
      launch(p);
      return;
    }
    if (queued.size() >= config.maxQueued()) {
      busy(p.from(), p.client(), p.name());
      return;
    }
    queued.put(p.from(), p);
  }

  private enum Repeat {
    NO,
    YES,
    UNSURE
  }

  /**
   * Is this a request the client sent again because its timer fired before our first answer reached
   * it (iPXE and pxelinux resend within a few hundred milliseconds)? It is if it is for the same
   * file from the same port and arrived before the client first answered the transfer for it. That
   * transfer answers it (its timer resends the OACK or the first block), whether it is starting,
   * queued, under way or done. Starting another one would cancel the first, whose port the client
   * has taken as the transfer ID (RFC 1350 §4), and stall it; or, once the first is done, send an
   * OACK nobody acknowledges, and show a failed step in the boot trace.
   *
   * <p>UNSURE: the transfer has not heard from the client before this request arrived, but the
   * client may have ended it in a packet not handled yet (UEFI reads the size, aborts with an error
   * and asks again at once from the same port).
   */
  private Repeat repeatOf(Pending p) {
    if (p.name().equals(fileOf.get(p.from()))) {
      TransferSession s = active.get(p.from());
      if (s == null) {
        return Repeat.YES;
      }
      return s.heardBefore(p.arrivedNanos()) ? Repeat.NO : Repeat.UNSURE;
    }
    Ended e = recentlyEnded.get(p.from());
    return e != null
            && e.name().equals(p.name())
            && e.heardNanos() != 0
            && p.arrivedNanos() - e.heardNanos() < 0
        ? Repeat.YES
        : Repeat.NO;
  }

  private void pump() {
    Iterator<Pending> it = queued.values().iterator();
    while (it.hasNext() && active.size() + launching < config.maxTransfers()) {
      Pending p = it.next();
      it.remove();
      launch(p);
    }
  }

  private void expireQueue() {
    long limit = System.nanoTime() - config.queueTimeout().toNanos();
    Iterator<Pending> it = queued.values().iterator();
    while (it.hasNext()) {
      Pending p = it.next();
      if (p.queuedAtNanos() - limit < 0) {
        it.remove();
        fileOf.remove(p.from());
        busy(p.from(), p.client(), p.name());
      }
    }
  }

  private void busy(InetSocketAddress from, BootClient client, String name) {
    stats.busy.increment();
    reply(from, TftpCodec.error(TftpErrorCode.NOT_DEFINED, "server busy, retry"));
    publish(client, "transfer-failed", name + ": server busy", false);
  }

  /**
   * Opens the transfer's port (its transfer ID, RFC 1350 §4) as two sockets: the transfer's own,
   * connected to the client, and an unconnected one that answers every other sender (see {@link
   * ForeignTidReplier}). The port is picked without SO_REUSEADDR, so it cannot be one that another
   * transfer holds; the option is set afterwards so that the connected socket may share it. A
   * connected socket reads without decoding a sender address per packet, which made one lock-step
   * client 5-7% faster.
   */
  private void launch(Pending p) {
    launching++;
    strayPorts
        .bind(new InetSocketAddress(config.bindAddress(), 0))
        .addListener(
            (ChannelFuture bound) -> {
              if (!bound.isSuccess()) {
                mainLoop.execute(() -> cannotOpen(p, bound.cause()));
                return;
              }
              Channel strays = bound.channel();
              strays.config().setOption(ChannelOption.SO_REUSEADDR, true);
              int port = ((InetSocketAddress) strays.localAddress()).getPort();
              transfers
                  .connect(p.from(), new InetSocketAddress(config.bindAddress(), port))
                  .addListener(
                      (ChannelFuture f) ->
                          mainLoop.execute(
                              () -> {
                                if (!f.isSuccess()) {
                                  strays.close();
                                  cannotOpen(p, f.cause());
                                  return;
                                }
                                launching--;
                                begin(p, f.channel(), strays);
                              }));
            });
  }

  private void cannotOpen(Pending p, Throwable cause) {
    launching--;
    fileOf.remove(p.from());
    stats.failed.increment();
    LOG.warnf("TFTP: cannot open a transfer port: %s", cause);
    reply(p.from(), TftpCodec.error(TftpErrorCode.NOT_DEFINED, "cannot open a port"));
    pump();
  }

  private void begin(Pending p, Channel ch, Channel strays) {
    BlockSource source =
        p.content() != null
            ? BlockSource.of(p.content())
            : new ReadAheadSource(
                p.path(),
                p.size(),
                p.options().blksize() * p.options().windowsize(),
                ioPool,
                ch.eventLoop());
    TransferSession session =
        new TransferSession(ch, strays, p.from(), source, stats, (s, r) -> ended(s, r, p));
    ch.pipeline().addLast(session);
    TransferSession previous = active.put(p.from(), session);
    if (previous != null) {
      previous.supersede();
    }
    stats.started.increment();
    publish(p.client(), "transfer-started", p.name() + " (" + p.options().describe() + ")", true);
    session.start(
        new Transfer(
            p.size(),
            p.options(),
            config.retries(),
            config.timeout().toNanos(),
            System::nanoTime,
            session));
  }

  /** Called on the transfer's event loop; bookkeeping moves to the request loop. */
  private void ended(TransferSession s, TransferResult r, Pending p) {
    long nanos = System.nanoTime() - s.startedNanos();
    mainLoop.execute(
        () -> {
          if (active.get(s.client()) == s) {
            active.remove(s.client());
            fileOf.remove(s.client());
            if (r.kind() == TransferResult.Kind.COMPLETED) {
              remember(s.client(), new Ended(p.name(), s.heardNanos(), System.nanoTime()));
            }
          }
          report(p, r, nanos);
          pump();
        });
  }

  private void remember(InetSocketAddress client, Ended e) {
    recentlyEnded.remove(client);
    recentlyEnded.put(client, e);
    Iterator<Ended> it = recentlyEnded.values().iterator();
    while (it.hasNext() && e.endedNanos() - it.next().endedNanos() > REMEMBER_ENDED_NANOS) {
      it.remove();
    }
  }

  private void report(Pending p, TransferResult r, long nanos) {
    stats.bytesSent.add(r.bytes());
    switch (r.kind()) {
      case COMPLETED:
        stats.completed.increment();
        double seconds = Math.max(nanos, 1) / 1e9;
        String detail =
            String.format(
                "%s: %d bytes in %d ms (%.1f MiB/s)",
                p.name(), r.bytes(), nanos / 1_000_000, r.bytes() / seconds / (1 << 20));
        LOG.debugf("TFTP: sent %s to %s", detail, p.from());
        publish(p.client(), "transfer-finished", detail, true);
        break;
      case ABORTED_AFTER_OPTIONS:
        stats.probes.increment();
        LOG.debugf("TFTP: %s: %s from %s", p.name(), r.reason(), p.from());
        publish(p.client(), "transfer-aborted", p.name() + ": " + r.reason(), true);
        break;
      case CANCELLED:
        publish(p.client(), "transfer-aborted", p.name() + ": " + r.reason(), true);
        break;
      case FAILED:
      default:
        stats.failed.increment();
        LOG.infof("TFTP: %s to %s failed: %s", p.name(), p.from(), r.reason());
        publish(
            p.client(),
            "transfer-failed",
            p.name() + ": " + r.reason() + " after " + r.bytes() + " bytes",
            false);
        break;
    }
  }

  private void reply(InetSocketAddress to, TftpPacket packet) {
    requests.writeAndFlush(
        new DatagramPacket(Unpooled.wrappedBuffer(TftpCodec.encode(packet)), to),
        requests.voidPromise());
  }

  private void malformed(InetSocketAddress from, String reason) {
    stats.malformed.increment();
    if (loggedReasons.size() < 100 && loggedReasons.add(reason)) {
      LOG.infof("TFTP: dropped malformed packet from %s: %s (logged once)", from, reason);
    } else {
      LOG.debugf("TFTP: dropped malformed packet from %s: %s", from, reason);
    }
  }

  /** The MAC from what DHCP learnt, or from a pxelinux config name ({@code 01-<mac>}). */
  BootClient identify(InetAddress address, String requested) {
    BootClient c = clients.identify(BootClient.at(address));
    if (c.mac().isEmpty()) {
      Matcher m = PXELINUX_MAC.matcher(requested);
      if (m.find()) {
        return new BootClient(address, MacAddress.parse(m.group(1)));
      }
    }
    return c;
  }

  private void publish(BootClient client, String step, String detail, boolean ok) {
    BootEvent.Outcome outcome =
        ok
            ? (step.equals("transfer-finished") ? BootEvent.Outcome.OK : BootEvent.Outcome.INFO)
            : BootEvent.Outcome.FAILED;
    events.publish(
        BootEvent.now(
            client.mac().map(MacAddress::colon).orElse(null),
            client.address().getHostAddress(),
            BootEvent.Protocol.TFTP,
            step,
            detail,
            outcome));
  }

  private static String quote(String s) {
    return "'" + s.replaceAll("[\\p{Cntrl}]", "?") + "'";
  }

  /** For tests: transfers running now. */
  int activeCount() {
    return mainLoop.submit(active::size).syncUninterruptibly().getNow();
  }

  List<String> loggedReasons() {
    return List.copyOf(loggedReasons);
  }
}
