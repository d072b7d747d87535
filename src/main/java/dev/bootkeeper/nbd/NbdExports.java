package dev.bootkeeper.nbd;

import dev.bootkeeper.boot.MacAddress;
import java.util.List;
import java.util.Optional;

/**
 * Which files the NBD server exports. The server asks this once per handshake option, off the event
 * loop, so implementations may block (disk, database). The name {@code archiso} is the one the
 * SystemRescue/archiso initramfs asks for; the server already maps the empty (default) name to it.
 */
public interface NbdExports {

  /** The export called {@code name}, or empty when there is none (the client is told so). */
  Optional<NbdExport> find(String name);

  /** Every export, for NBD_OPT_LIST. */
  List<NbdExport> list();

  /**
   * The exports as one machine sees them, for its whole connection; the same for every machine
   * unless an implementation maps a name per machine (see {@link DirectoryExports}).
   */
  default NbdExports forClient(Optional<MacAddress> client) {
    return this;
  }
}
