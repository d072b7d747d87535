package dev.bootkeeper.tftp;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;

/**
 * Handles the unconnected socket that shares each transfer's port. The transfer's own socket is
 * connected to its client, so the kernel gives it the client's packets and gives this socket
 * everything else: packets from a foreign transfer ID, which RFC 1350 §4 answers with ERROR 5 while
 * the transfer goes on. (Without this socket the kernel would answer them with an ICMP port
 * unreachable.)
 */
@ChannelHandler.Sharable
final class ForeignTidReplier extends SimpleChannelInboundHandler<DatagramPacket> {

  private final TftpStats stats;

  ForeignTidReplier(TftpStats stats) {
    this.stats = stats;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
    stats.wrongTid.increment();
    byte[] error =
        TftpCodec.encode(TftpCodec.error(TftpErrorCode.UNKNOWN_TRANSFER_ID, "unknown transfer ID"));
    ctx.writeAndFlush(
        new DatagramPacket(Unpooled.wrappedBuffer(error), msg.sender()), ctx.voidPromise());
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // An ICMP error for an earlier reply: nothing to do, the transfer is not concerned.
  }
}
