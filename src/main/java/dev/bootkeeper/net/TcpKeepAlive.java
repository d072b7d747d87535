package dev.bootkeeper.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import java.time.Duration;
import jdk.net.ExtendedSocketOptions;

/**
 * Turns on TCP keep-alive with a short idle time. Linux's default waits two hours before the first
 * probe, so a client that lost power keeps its connection (and the server's place for it) for over
 * two hours; probes after a minute free it within about two. A live client's kernel answers the
 * probes itself, so an idle but mounted filesystem is not disturbed.
 */
public final class TcpKeepAlive {

  static final int INTERVAL_SECONDS = 10;
  static final int PROBES = 6;

  private TcpKeepAlive() {}

  public static void enable(Channel channel, Duration idle) {
    int idleSeconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, idle.toSeconds()));
    channel.config().setOption(ChannelOption.SO_KEEPALIVE, true);
    if (channel instanceof EpollSocketChannel) {
      channel.config().setOption(EpollChannelOption.TCP_KEEPIDLE, idleSeconds);
      channel.config().setOption(EpollChannelOption.TCP_KEEPINTVL, INTERVAL_SECONDS);
      channel.config().setOption(EpollChannelOption.TCP_KEEPCNT, PROBES);
    } else {
      channel
          .config()
          .setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE), idleSeconds);
      channel
          .config()
          .setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL), INTERVAL_SECONDS);
      channel.config().setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT), PROBES);
    }
  }
}
