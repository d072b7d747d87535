package dev.bootkeeper.tftp;

import dev.bootkeeper.boot.BootClient;
import dev.bootkeeper.boot.BootEventSink;
import dev.bootkeeper.boot.BootFiles;
import dev.bootkeeper.boot.ClientDirectory;
import dev.bootkeeper.boot.WarmUpWindow;
import dev.bootkeeper.net.NettyTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Bootkeeper's read-only TFTP server: binds the request port and answers what arrives there. Each
 * transfer gets its own channel on an ephemeral port of the same event loop group (RFC 1350 §4,
 * {@link TransferPorts}). Path lookups and disk reads run on a small I/O pool, never on an event
 * loop ({@link TransferFiles}). Admission (how many transfers run, who waits: {@link
 * TransferAdmission}) lives on the request channel's event loop, so it needs no locks.
 */
public final class TftpServer implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(TftpServer.class);

  private final TftpConfig config;
  private final ClientDirectory clients;
  private final EventLoopGroup group;
  private final OptionNegotiator negotiator;
  private final TransferFiles files;
  private final TftpStats stats = new TftpStats();
  private final TransferReporter reporter;

  private ThreadPoolExecutor ioPool;
  private Channel requests;
  private EventLoop mainLoop;
  private TransferAdmission admission;
  private RequestRate rate;
  private io.netty.util.concurrent.ScheduledFuture<?> expiry;

  public TftpServer(
      TftpConfig config,
      BootFiles files,
      BootEventSink events,
      ClientDirectory clients,
      WarmUpWindow warmUp,
      EventLoopGroup group) {
    this.config = config;
    this.clients = clients;
    this.group = group;
    this.negotiator = new OptionNegotiator(config.maxBlksize(), config.maxWindowsize());
    this.files =
        new TransferFiles(files, new FileCache(config.cacheBytes(), config.cacheMaxFileBytes()));
    this.reporter = new TransferReporter(stats, events, warmUp);
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
    TransferPorts ports = new TransferPorts(config.bindAddress(), group, stats);
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
    rate =
        new RequestRate(
            config.requestsPerSecondPerClient(), config.requestBurstPerClient(), System::nanoTime);
    admission = new TransferAdmission(config, mainLoop, ioPool, ports, reporter, this::reply);
    expiry =
        mainLoop.scheduleAtFixedRate(
            () -> {
              admission.expireQueue();
              rate.forgetIdle();
            },
            1,
            1,
            TimeUnit.SECONDS);
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
    mainLoop.submit(admission::cancelAll).awaitUninterruptibly(5, TimeUnit.SECONDS);
    ioPool.shutdown();
    requests = null;
  }

  private final class RequestHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
      if (!rate.allow(msg.sender().getAddress())) {
        // Over its rate: dropped before decoding, unanswered (no reflection towards a forged
        // source) and unreported per packet; the counter and the client's own retry tell.
        reporter.rateLimited();
        return;
      }
      onRequest(msg.sender(), TftpCodec.decode(msg.content().nioBuffer()));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.debugf("TFTP request port: %s", cause.toString());
    }
  }

  private void onRequest(InetSocketAddress from, TftpCodec.Decoded decoded) {
    if (decoded instanceof TftpCodec.Decoded.Malformed m) {
      reporter.malformed(from, m.reason());
      m.reply().ifPresent(e -> reply(from, e));
      return;
    }
    TftpPacket p = ((TftpCodec.Decoded.Ok) decoded).packet();
    if (p instanceof TftpPacket.ReadRequest rrq) {
      onReadRequest(from, rrq);
    } else if (p instanceof TftpPacket.WriteRequest wrq) {
      // Boot images are served, never received: RFC 1350 error 2.
      reporter.writeRefused(
          clients.identifyFromMemory(from.getAddress(), wrq.filename()), wrq.filename());
      reply(from, TftpCodec.error(TftpErrorCode.ACCESS_VIOLATION, "read-only server"));
    } else if (!(p instanceof TftpPacket.Error)) {
      reporter.malformed(from, p.getClass().getSimpleName() + " sent to the request port");
    }
  }

  private void onReadRequest(InetSocketAddress from, TftpPacket.ReadRequest rrq) {
    Optional<TransferMode> mode = TransferMode.fromWire(rrq.mode());
    if (mode.isEmpty()) {
      reporter.malformed(from, "unsupported mode '" + rrq.mode() + "'");
      reply(
          from, TftpCodec.error(TftpErrorCode.ILLEGAL_OPERATION, "unsupported mode " + rrq.mode()));
      return;
    }
    long arrived = System.nanoTime();
    try {
      ioPool.execute(
          () -> {
            // Who the client is may take a database read (another node saw its DHCP): here,
            // off the request loop.
            BootClient client = clients.identify(from.getAddress(), rrq.filename());
            PreparedFile prepared = files.prepare(rrq.filename(), mode.get(), client);
            mainLoop.execute(() -> onPrepared(from, client, rrq, mode.get(), prepared, arrived));
          });
    } catch (RejectedExecutionException e) {
      admission.turnAway(
          from, clients.identifyFromMemory(from.getAddress(), rrq.filename()), rrq.filename());
    }
  }

  /** On the request loop: an error for a file that cannot be sent, else admission. */
  private void onPrepared(
      InetSocketAddress from,
      BootClient client,
      TftpPacket.ReadRequest rrq,
      TransferMode mode,
      PreparedFile prepared,
      long arrivedNanos) {
    if (prepared instanceof PreparedFile.Missing) {
      // pxelinux probes many names that do not exist: answer at once.
      reporter.notFound(client, rrq.filename());
      reply(from, TftpCodec.error(TftpErrorCode.FILE_NOT_FOUND, "file not found"));
      return;
    }
    if (prepared instanceof PreparedFile.Refused r) {
      reporter.refused(from, client, rrq.filename(), r.reason());
      reply(from, TftpCodec.error(TftpErrorCode.ACCESS_VIOLATION, "access violation"));
      return;
    }
    if (prepared instanceof PreparedFile.Broken b) {
      reporter.unservable(from, client, b);
      reply(from, TftpCodec.error(TftpErrorCode.NOT_DEFINED, b.answer()));
      return;
    }
    PreparedFile.Ready ready = (PreparedFile.Ready) prepared;
    OptionNegotiator.Outcome outcome = negotiator.negotiate(rrq.options(), mode, ready.size());
    if (outcome instanceof OptionNegotiator.Outcome.Refused r) {
      reporter.optionsRefused(client, ready.name(), r.reason());
      reply(from, TftpCodec.error(TftpErrorCode.OPTION_REFUSED, r.reason()));
      return;
    }
    TransferOptions options = ((OptionNegotiator.Outcome.Agreed) outcome).options();
    admission.admit(
        new TransferRequest(
            from,
            client,
            ready.name(),
            ready.size(),
            ready.content(),
            ready.path(),
            ready.offset(),
            options,
            System.nanoTime(),
            arrivedNanos));
  }

  private void reply(InetSocketAddress to, TftpPacket packet) {
    requests.writeAndFlush(
        new DatagramPacket(Unpooled.wrappedBuffer(TftpCodec.encode(packet)), to),
        requests.voidPromise());
  }

  /** For tests: transfers running now. */
  int activeCount() {
    return mainLoop.submit(admission::activeCount).syncUninterruptibly().getNow();
  }

  /** For tests: requests waiting for a slot now. */
  int queuedCount() {
    return mainLoop.submit(admission::queuedCount).syncUninterruptibly().getNow();
  }

  List<String> loggedReasons() {
    return reporter.loggedReasons();
  }
}
