package dev.bootkeeper.tftp;

import dev.bootkeeper.boot.BootClient;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Decides when each ready request runs: at once while fewer than {@code maxTransfers} run, else in
 * FIFO order from a bounded queue, else turned away with "server busy". Each client address has its
 * own share of both: at most {@code maxTransfersPerClient} running and {@code maxQueuedPerClient}
 * waiting, so one host cannot take the slots or the queue from the others (a queued request whose
 * address is at its share lets the requests behind it go first). Also recognises a request the
 * client merely repeated, and keeps one transfer per client port. Every method runs on the request
 * port's event loop, so the bookkeeping needs no locks.
 */
final class TransferAdmission {

  /** Sends an error packet from the request port. */
  interface Replies {
    void send(InetSocketAddress to, TftpPacket packet);
  }

  /** How long a request that may be a repeat waits for the transfer's pending packets. */
  private static final long RECHECK_MILLIS = 100;

  private final TftpConfig config;
  private final EventLoop loop;
  private final Executor ioPool;
  private final TransferPorts ports;
  private final TransferReporter reporter;
  private final Replies replies;
  private final RecentTransfers recent = new RecentTransfers();

  private final Map<InetSocketAddress, TransferSession> active = new HashMap<>();

  /** The file each client port's transfer is for, from admission until the transfer ends. */
  private final Map<InetSocketAddress, String> fileOf = new HashMap<>();

  private final LinkedHashMap<InetSocketAddress, TransferRequest> queued = new LinkedHashMap<>();
  private int launching;

  /** Per client address: transfers launched and not yet ended (superseded ones included). */
  private final Map<InetAddress, Integer> runningOf = new HashMap<>();

  /** Per client address: requests in {@link #queued}. */
  private final Map<InetAddress, Integer> queuedOf = new HashMap<>();

  TransferAdmission(
      TftpConfig config,
      EventLoop loop,
      Executor ioPool,
      TransferPorts ports,
      TransferReporter reporter,
      Replies replies) {
    this.config = config;
    this.loop = loop;
    this.ioPool = ioPool;
    this.ports = ports;
    this.reporter = reporter;
    this.replies = replies;
  }

  /** FIFO admission: run now if a slot is free, else wait in the queue, else ERROR 0. */
  void admit(TransferRequest p) {
    admit(p, true);
  }

  private void admit(TransferRequest p, boolean mayWait) {
    RecentTransfers.Repeat repeat = repeatOf(p, !mayWait);
    if (repeat == RecentTransfers.Repeat.UNSURE && mayWait) {
      loop.schedule(() -> admit(p, false), RECHECK_MILLIS, TimeUnit.MILLISECONDS);
      return;
    }
    if (repeat != RecentTransfers.Repeat.NO) {
      reporter.repeated();
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
    // Joins the queue and runs at once if a slot is free and nothing eligible waits before it;
    // one that must wait and finds no place (in all, or in its address's share) is turned away.
    InetAddress address = p.from().getAddress();
    queued.put(p.from(), p);
    add(queuedOf, address, 1);
    pump();
    if (queued.containsKey(p.from())
        && (queued.size() > config.maxQueued()
            || count(queuedOf, address) > config.maxQueuedPerClient())) {
      dequeue(p);
      fileOf.remove(p.from());
      turnAway(p.from(), p.client(), p.name());
    }
  }

  /**
   * See {@link RecentTransfers}: a running transfer is asked first, then an ended one.
   *
   * <p>A request for the running transfer's file that the client had already answered when the
   * request was read is a restart, or a repeat that waited in the request socket while the request
   * loop was busy (the request is stamped when read, the transfer's packets on their own loop, so
   * under load a repeat can look newer than the client's first ACK). The transfer's own traffic
   * decides: a client still answering it after the request was read did not mean a new transfer, so
   * the request is dropped; a client that went quiet on it wants the new one. Superseding a live
   * transfer on a stale repeat cancelled a pxelinux kernel download under load.
   */
  private RecentTransfers.Repeat repeatOf(TransferRequest p, boolean rechecked) {
    if (p.name().equals(fileOf.get(p.from()))) {
      TransferSession s = active.get(p.from());
      if (s == null) {
        return RecentTransfers.Repeat.YES;
      }
      if (!s.heardBefore(p.arrivedNanos()) || !rechecked) {
        return RecentTransfers.Repeat.UNSURE;
      }
      return s.heardSince(p.arrivedNanos())
          ? RecentTransfers.Repeat.YES
          : RecentTransfers.Repeat.NO;
    }
    return recent.repeats(p);
  }

  /** ERROR 0 "server busy, retry": the client's own retry may find a free slot. */
  void turnAway(InetSocketAddress from, BootClient client, String name) {
    reporter.busy(client, name);
    replies.send(from, TftpCodec.error(TftpErrorCode.NOT_DEFINED, "server busy, retry"));
  }

  /** Turns away the requests that waited longer than the queue timeout; runs every second. */
  void expireQueue() {
    long limit = System.nanoTime() - config.queueTimeout().toNanos();
    Iterator<TransferRequest> it = queued.values().iterator();
    while (it.hasNext()) {
      TransferRequest p = it.next();
      if (p.queuedAtNanos() - limit < 0) {
        it.remove();
        add(queuedOf, p.from().getAddress(), -1);
        fileOf.remove(p.from());
        turnAway(p.from(), p.client(), p.name());
      }
    }
  }

  /** The server is shutting down: every transfer ends, nobody waits. */
  void cancelAll() {
    new ArrayList<>(active.values()).forEach(s -> s.cancel("server shutting down"));
    queued.clear();
    queuedOf.clear();
  }

  int activeCount() {
    return active.size();
  }

  int queuedCount() {
    return queued.size();
  }

  /**
   * Starts waiting requests in FIFO order while slots are free, skipping addresses at their share.
   */
  private void pump() {
    Iterator<TransferRequest> it = queued.values().iterator();
    while (it.hasNext() && active.size() + launching < config.maxTransfers()) {
      TransferRequest p = it.next();
      InetAddress address = p.from().getAddress();
      if (count(runningOf, address) >= config.maxTransfersPerClient()) {
        continue;
      }
      it.remove();
      add(queuedOf, address, -1);
      launch(p);
    }
  }

  private void dequeue(TransferRequest p) {
    if (queued.remove(p.from()) != null) {
      add(queuedOf, p.from().getAddress(), -1);
    }
  }

  private static int count(Map<InetAddress, Integer> counts, InetAddress address) {
    return counts.getOrDefault(address, 0);
  }

  /** Adds to a per-address count, forgetting the address at zero so the map stays small. */
  private static void add(Map<InetAddress, Integer> counts, InetAddress address, int delta) {
    counts.merge(address, delta, (a, b) -> a + b == 0 ? null : a + b);
  }

  private void launch(TransferRequest p) {
    add(runningOf, p.from().getAddress(), 1);
    launching++;
    ports.open(
        p.from(),
        opened ->
            loop.execute(
                () -> {
                  launching--;
                  begin(p, opened.transfer(), opened.strays());
                }),
        cause -> loop.execute(() -> cannotOpen(p, cause)));
  }

  private void cannotOpen(TransferRequest p, Throwable cause) {
    launching--;
    add(runningOf, p.from().getAddress(), -1);
    fileOf.remove(p.from());
    reporter.cannotOpenPort(cause);
    replies.send(p.from(), TftpCodec.error(TftpErrorCode.NOT_DEFINED, "cannot open a port"));
    pump();
  }

  private void begin(TransferRequest p, Channel ch, Channel strays) {
    BlockSource source = TransferFiles.open(p, ioPool, ch.eventLoop());
    TransferSession session =
        new TransferSession(
            ch, strays, p.from(), source, reporter.stats(), (s, r) -> ended(s, r, p));
    ch.pipeline().addLast(session);
    TransferSession previous = active.put(p.from(), session);
    if (previous != null) {
      previous.supersede();
    }
    reporter.started(p);
    session.start(
        new Transfer(
            p.size(),
            p.options(),
            config.retries(),
            config.timeout().toNanos(),
            config.firstAckTimeout().toNanos(),
            System::nanoTime,
            session));
  }

  /** Called on the transfer's event loop; bookkeeping moves to the request loop. */
  private void ended(TransferSession s, TransferResult r, TransferRequest p) {
    long nanos = System.nanoTime() - s.startedNanos();
    loop.execute(
        () -> {
          add(runningOf, s.client().getAddress(), -1);
          if (active.get(s.client()) == s) {
            active.remove(s.client());
            fileOf.remove(s.client());
            if (r.kind() == TransferResult.Kind.COMPLETED) {
              recent.remember(s.client(), p.name(), s.heardNanos(), s.lastHeardNanos());
            }
          }
          reporter.ended(p, r, nanos);
          pump();
        });
  }
}
