package dev.bootkeeper.nbd;

import dev.bootkeeper.boot.BootEventSink;
import dev.bootkeeper.boot.ClientDirectory;
import dev.bootkeeper.net.NettyTransport;
import dev.bootkeeper.net.TcpKeepAlive;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The read-only NBD server (fixed-newstyle handshake, simple and structured replies) on its own
 * Netty event loops, with a bounded pool of threads for file reads and export look-ups.
 */
public final class NbdServer implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(NbdServer.class);

  private final NbdSettings settings;
  private final NbdExports exports;
  private final BootEventSink events;
  private final ClientDirectory clients;
  private final NbdStats stats = new NbdStats();
  private final AddressShares shares;

  private EventLoopGroup boss;
  private EventLoopGroup loops;
  private ThreadPoolExecutor io;
  private Channel server;

  public NbdServer(
      NbdSettings settings, NbdExports exports, BootEventSink events, ClientDirectory clients) {
    this.settings = settings;
    this.exports = exports;
    this.events = events;
    this.clients = clients;
    this.shares = new AddressShares(settings.maxConnectionsPerAddress());
  }

  /**
   * Binds and starts serving.
   *
   * @return the bound port (useful when the settings ask for port 0)
   * @throws IllegalStateException naming the address and the reason when the port cannot be bound
   */
  public synchronized int start() {
    if (server != null) {
      throw new IllegalStateException("the NBD server is already running");
    }
    // Each connection has at most maxRequestsInFlight reads or one handshake option queued.
    int queue = settings.maxConnections() * (settings.maxRequestsInFlight() + 1);
    io =
        new ThreadPoolExecutor(
            settings.ioThreads(),
            settings.ioThreads(),
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(queue),
            new DefaultThreadFactory("nbd-io", true));
    boss = NettyTransport.newGroup(1, new DefaultThreadFactory("nbd-accept", true));
    int loopThreads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    loops = NettyTransport.newGroup(loopThreads, new DefaultThreadFactory("nbd-loop", true));
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(boss, loops)
            .channel(NettyTransport.serverChannel(loops))
            .option(ChannelOption.SO_BACKLOG, 256)
            .option(ChannelOption.SO_REUSEADDR, true)
            // The protocol asks both sides for TCP_NODELAY; replies are written whole.
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(
                ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    TcpKeepAlive.enable(ch, settings.keepAliveIdle());
                    ch.pipeline()
                        .addLast(
                            new NbdConnection(
                                settings, exports, io, events, clients, stats, shares));
                  }
                });
    InetSocketAddress address = new InetSocketAddress(settings.bindAddress(), settings.port());
    try {
      server = bootstrap.bind(address).syncUninterruptibly().channel();
    } catch (RuntimeException e) {
      close();
      throw new IllegalStateException(
          "NBD: cannot listen on TCP "
              + settings.bindAddress()
              + ":"
              + settings.port()
              + ": "
              + e.getMessage(),
          e);
    }
    int port = port();
    LOG.infof(
        "NBD server listening on %s:%d (%s reads)",
        settings.bindAddress(), port, settings.zeroCopy() ? "zero-copy" : "buffered");
    return port;
  }

  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  public NbdStats stats() {
    return stats;
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.close().syncUninterruptibly();
      server = null;
    }
    if (boss != null) {
      boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
      boss = null;
    }
    if (loops != null) {
      loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
      loops = null;
    }
    if (io != null) {
      io.shutdown();
      io = null;
    }
  }
}
