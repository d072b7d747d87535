package dev.bootkeeper.nbd;

import io.netty.channel.DefaultFileRegion;
import java.nio.channels.FileChannel;

/**
 * A file region over a channel the connection keeps open across requests; Netty's default would
 * close the channel when the region is released.
 */
final class SharedFileRegion extends DefaultFileRegion {

  SharedFileRegion(FileChannel file, long position, long count) {
    super(file, position, count);
  }

  @Override
  protected void deallocate() {
    // The connection closes the file when it ends.
  }
}
