package dev.bootkeeper.dhcp;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The lease writer's thread and queue: claims are queued by the DHCP workers and written by one
 * thread, in batches of whatever arrived while the last batch was written, so that in a boot storm
 * one durable write carries many leases. Each claim's future completes only once its lease is
 * durable, so the OFFER or ACK that announces it is sent after that. How a batch becomes durable is
 * the subclass's: a database commit ({@link ClaimWriter}) or a journal append ({@link
 * JournaledLeaseWriter}).
 */
abstract class QueuedLeaseWriter implements AutoCloseable {

  /** The writer thread's name (the DHCP server raises its priority by this name). */
  static final String THREAD = "dhcp-lease-writer";

  private static final Logger LOG = Logger.getLogger(QueuedLeaseWriter.class);

  /** At most this many claims per batch. */
  static final int MAX_BATCH = 128;

  /** How long a caller waits for its claim before giving up (the client retransmits). */
  static final long TIMEOUT_SECONDS = 30;

  /** A claim's result: whether it was recorded, and whether it gave up the MAC's old address. */
  record Result(boolean recorded, boolean movedFromAnother) {}

  static final Result NOT_RECORDED = new Result(false, false);

  record Pending(Lease lease, Instant now, CompletableFuture<Result> result) {}

  /** Queued by {@link #close} to wake the writer: an interrupt could land in a file write. */
  private static final Pending STOP = new Pending(null, null, null);

  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private volatile Thread thread;
  private volatile boolean closed;

  /** Records the claim as described in {@link LeaseStore#claim}; blocks until durable. */
  Result claim(Lease lease, Instant now) {
    return await(submit(lease, now), lease);
  }

  /** The outcome of {@code lease}'s claim, waited for at most {@link #TIMEOUT_SECONDS}. */
  static <T> T await(CompletableFuture<T> result, Lease lease) {
    try {
      return result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "lease store: cannot claim " + lease + ": " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("lease store: claim of " + lease + " timed out", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while claiming " + lease, e);
    }
  }

  /**
   * Queues the claim and returns at once; the future completes once the claim is durable (or with
   * the reason it could not be written). Queued claims are written in order, so a later claim of
   * the same address sees this one.
   */
  CompletableFuture<Result> submit(Lease lease, Instant now) {
    if (closed) {
      throw new IllegalStateException("lease store is closed");
    }
    start();
    Pending p = new Pending(lease, now, new CompletableFuture<>());
    queue.add(p);
    return p.result();
  }

  /** Claims waiting for the writer (for tests that line up a batch). */
  int queued() {
    return queue.size();
  }

  /**
   * Writes one batch (in queue order, none of its MACs twice) and completes every claim's future.
   */
  abstract void write(List<Pending> batch);

  /**
   * Runs the writes a batch of {@code leases} would make, and undoes them: the statements, the
   * driver and the database code of a claim, nothing stored. For the warm-up before the DHCP server
   * opens its sockets; the caller picks addresses and MACs that no client can have.
   */
  abstract void rehearse(List<Lease> leases, Instant now) throws SQLException;

  private void start() {
    if (thread == null) {
      synchronized (this) {
        if (thread == null) {
          Thread t = new Thread(this::run, THREAD);
          t.setDaemon(true);
          t.start();
          thread = t;
        }
      }
    }
  }

  private void run() {
    List<Pending> batch = new ArrayList<>();
    while (!closed) {
      try {
        Pending first = queue.poll(1, TimeUnit.SECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        batch.remove(STOP);
        if (!batch.isEmpty()) {
          write(supersede(batch));
        }
      } catch (InterruptedException e) {
        break;
      } catch (RuntimeException e) {
        LOG.errorf(e, "lease writer: unexpected failure");
        batch.forEach(p -> p.result().completeExceptionally(e));
      } finally {
        batch.clear();
      }
    }
    Pending left;
    while ((left = queue.poll()) != null) {
      if (left != STOP) {
        left.result().completeExceptionally(new IllegalStateException("lease store is closed"));
      }
    }
  }

  /**
   * Claims in queue order with every claim that a later claim of the same MAC in the batch replaces
   * answered "not recorded" and left out. Only an offer, written behind the OFFER, can be followed
   * by a second claim of its MAC while it waits (the server handles one packet per MAC at a time);
   * writing both would let write order decide which survives, since a claim drops the MAC's other
   * rows, and a durable ACKed lease could lose to the offer it followed.
   */
  private static List<Pending> supersede(List<Pending> batch) {
    Map<String, Pending> lastByMac = new HashMap<>();
    for (Pending p : batch) {
      lastByMac.put(p.lease().mac().colon(), p);
    }
    List<Pending> open = new ArrayList<>(batch.size());
    for (Pending p : batch) {
      if (lastByMac.get(p.lease().mac().colon()) == p) {
        open.add(p);
      } else {
        p.result().complete(NOT_RECORDED);
      }
    }
    return open;
  }

  /** Stops the thread after the batch it is writing; claims still queued fail with "closed". */
  @Override
  public void close() {
    closed = true;
    Thread t = thread;
    if (t != null) {
      queue.add(STOP);
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
