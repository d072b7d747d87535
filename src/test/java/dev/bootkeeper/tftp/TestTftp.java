package dev.bootkeeper.tftp;

import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.BootFile;
import dev.bootkeeper.boot.BootFiles;
import dev.bootkeeper.boot.ClientDirectory;
import dev.bootkeeper.boot.FileLookup;
import dev.bootkeeper.boot.ImageRoot;
import dev.bootkeeper.boot.WarmUpWindow;
import dev.bootkeeper.net.NettyTransport;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Builds a TFTP server on 127.0.0.1, port 0, serving a directory plus rendered files. */
final class TestTftp implements AutoCloseable {

  /** Settings with the production defaults, changeable per test. */
  static final class Settings implements TftpConfig {
    int maxBlksize = 1468;
    int maxWindowsize = 64;
    Duration timeout = Duration.ofSeconds(1);
    int retries = 5;
    int maxTransfers = 500;
    int maxQueued = 1000;
    Duration firstAckTimeout = Duration.ofSeconds(5);
    int maxTransfersPerClient = 8;
    int maxQueuedPerClient = 8;
    int requestsPerSecondPerClient = 50;
    int requestBurstPerClient = 100;
    Duration queueTimeout = Duration.ofSeconds(30);
    long cacheBytes = 256L << 20;
    long cacheMaxFileBytes = 128L << 20;
    int port = 0;
    String bindAddress = "127.0.0.1";

    @Override
    public boolean enabled() {
      return true;
    }

    @Override
    public int port() {
      return port;
    }

    @Override
    public String bindAddress() {
      return bindAddress;
    }

    @Override
    public int maxBlksize() {
      return maxBlksize;
    }

    @Override
    public int maxWindowsize() {
      return maxWindowsize;
    }

    @Override
    public Duration timeout() {
      return timeout;
    }

    @Override
    public int retries() {
      return retries;
    }

    @Override
    public int maxTransfers() {
      return maxTransfers;
    }

    @Override
    public int maxQueued() {
      return maxQueued;
    }

    @Override
    public Duration firstAckTimeout() {
      return firstAckTimeout;
    }

    @Override
    public int maxTransfersPerClient() {
      return maxTransfersPerClient;
    }

    @Override
    public int maxQueuedPerClient() {
      return maxQueuedPerClient;
    }

    @Override
    public int requestsPerSecondPerClient() {
      return requestsPerSecondPerClient;
    }

    @Override
    public int requestBurstPerClient() {
      return requestBurstPerClient;
    }

    @Override
    public Duration queueTimeout() {
      return queueTimeout;
    }

    @Override
    public long cacheBytes() {
      return cacheBytes;
    }

    @Override
    public long cacheMaxFileBytes() {
      return cacheMaxFileBytes;
    }

    @Override
    public int ioThreads() {
      return 2;
    }
  }

  /** The image root plus per-client rendered files, as the lead's BootFiles combines them. */
  static BootFiles bootFiles(Path root, Map<String, byte[]> rendered) {
    ImageRoot images = new ImageRoot(root);
    return (requested, client) -> {
      ImageRoot.Normalised n = ImageRoot.normalise(requested);
      if (n instanceof ImageRoot.Normalised.Ok ok && rendered.containsKey(ok.path())) {
        return new FileLookup.Found(new BootFile.Rendered(ok.path(), rendered.get(ok.path())));
      }
      return images.lookup(requested);
    };
  }

  final List<BootEvent> events = new CopyOnWriteArrayList<>();
  final EventLoopGroup group =
      NettyTransport.newGroup(2, new DefaultThreadFactory("tftp-test", true));
  final TftpServer server;

  TestTftp(Path root, Map<String, byte[]> rendered, Settings settings) {
    server =
        new TftpServer(
            settings,
            bootFiles(root, rendered),
            events::add,
            new ClientDirectory(),
            new WarmUpWindow(),
            group);
    server.start();
  }

  int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }
}
