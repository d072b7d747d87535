package dev.bootkeeper.tftp;

import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Transfers completed lately, per client port, oldest first: to spot a request the client sent
 * again because its timer fired before our first answer reached it (iPXE and pxelinux resend within
 * a few hundred milliseconds). Confined to the request port's event loop.
 *
 * <p>A request is such a repeat if it is for the same file from the same port and arrived before
 * the client last answered the transfer for it: a client that kept talking to the first transfer
 * after sending the request did not mean a new one. That transfer answers it (its timer resends the
 * OACK or the first block), whether it is starting, queued, under way or done. Starting another one
 * would cancel the first, whose port the client has taken as the transfer ID (RFC 1350 §4), and
 * stall it; or, once the first is done, send an OACK nobody acknowledges, and show a failed step in
 * the boot trace.
 */
final class RecentTransfers {

  /**
   * Whether a request repeats one already answered. UNSURE: the transfer has not heard from the
   * client before this request arrived, but the client may have ended it in a packet not handled
   * yet (UEFI reads the size, aborts with an error and asks again at once from the same port).
   */
  enum Repeat {
    NO,
    YES,
    UNSURE
  }

  /** How long a completed transfer is remembered: longer than any client's request retry. */
  private static final long REMEMBER_ENDED_NANOS = TimeUnit.SECONDS.toNanos(10);

  private record Ended(String name, long heardNanos, long lastHeardNanos, long endedNanos) {}

  private final LinkedHashMap<InetSocketAddress, Ended> ended = new LinkedHashMap<>();

  /**
   * @param heardNanos when the client first answered the transfer; 0 if it never did
   * @param lastHeardNanos when the client last sent the transfer anything; 0 if it never did
   */
  void remember(InetSocketAddress client, String name, long heardNanos, long lastHeardNanos) {
    Ended e = new Ended(name, heardNanos, lastHeardNanos, System.nanoTime());
    ended.remove(client);
    ended.put(client, e);
    Iterator<Ended> it = ended.values().iterator();
    while (it.hasNext() && e.endedNanos() - it.next().endedNanos() > REMEMBER_ENDED_NANOS) {
      it.remove();
    }
  }

  /** Whether a request repeats a completed transfer of the same file to the same port. */
  Repeat repeats(TransferRequest p) {
    Ended e = ended.get(p.from());
    return e != null
            && e.name().equals(p.name())
            && e.lastHeardNanos() != 0
            && p.arrivedNanos() - e.lastHeardNanos() < 0
        ? Repeat.YES
        : Repeat.NO;
  }
}
