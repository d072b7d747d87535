package dev.bootkeeper.nbd;

import java.io.IOException;
import java.nio.channels.FileChannel;
import org.jboss.logging.Logger;

/** Closes an export's file channel, which a connection holds for its whole session. */
final class ExportFiles {

  private static final Logger LOG = Logger.getLogger(NbdConnection.class);

  private ExportFiles() {}

  static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        LOG.debugf("closing an export file failed: %s", e.getMessage());
      }
    }
  }
}
