package dev.bootkeeper.boot;

import dev.bootkeeper.background.DaemonLoop;
import dev.bootkeeper.store.Host;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.FlushModeType;
import java.net.Inet4Address;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Records that machines were seen: "last seen" moves, and a MAC nobody configured becomes a
 * discovered host. From DHCP for every request, and from boot file fetches (a machine Bootkeeper
 * never saw DHCP from: another DHCP server, no proxyDHCP) at most once per MAC a minute, since a
 * boot fetches dozens of files.
 *
 * <p>Off the answer path: sightings wait in a map keyed by MAC (a machine seen ten times before the
 * next write costs one row update) and one writer thread stores them in batches, one transaction
 * per batch. Nothing is dropped: when the map holds {@link #CAPACITY} machines, or the writer is
 * not running, the caller writes its sighting itself; a batch that fails is written again one
 * sighting at a time.
 */
@ApplicationScoped
public class HostSightings {

  private static final Logger LOG = Logger.getLogger(HostSightings.class);

  static final Duration FETCH_EVERY = Duration.ofMinutes(1);
  static final int CAPACITY = 65_536;
  static final int BATCH = 500;

  /** How long the writer gathers sightings before a batch: a storm's packets share a commit. */
  static final long LINGER_MILLIS = 100;

  static final Duration STOP_WAIT = Duration.ofSeconds(5);

  private final Map<MacAddress, Long> lastFetchRecorded = new ConcurrentHashMap<>();
  private final Map<MacAddress, BootRequest> pending = new ConcurrentHashMap<>();
  private final Semaphore wake = new Semaphore(0);
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong writtenInline = new AtomicLong();

  /**
   * Stopped by the wake, never interrupted: an interrupt during a write to H2's file store closes
   * its FileChannel, and the store with it, for every connection (h2database issue 227).
   */
  private final DaemonLoop writer =
      new DaemonLoop("host-sightings", this::writeWhenWoken).wakingWith(wake::release);

  void start(@Observes StartupEvent ev) {
    writer.start();
  }

  void stop(@Observes ShutdownEvent ev) {
    writer.stop(STOP_WAIT);
    writeBatches();
  }

  /** DHCP saw the machine. Does not wait for the store. */
  public void dhcpSeen(BootRequest request) {
    enqueue(request);
  }

  /** A machine fetched a boot file: the first fetch of a MAC a minute counts as a sighting. */
  public void fetched(BootClient client) {
    if (client.mac().isEmpty()) {
      return;
    }
    recordFetch(client);
  }

  /**
   * {@link #fetched} when it can be done without writing to the store: false, and nothing done,
   * when the sighting would be written by the caller (the writer stopped, or the queue full), so
   * that the caller calls {@link #fetched} from a worker thread instead. For an event loop.
   */
  public boolean fetchedWithoutWaiting(BootClient client) {
    if (client.mac().isEmpty()) {
      return true;
    }
    Long last = lastFetchRecorded.get(client.mac().get());
    if (last != null && System.nanoTime() - last < FETCH_EVERY.toNanos()) {
      return true;
    }
    if (!writer.running() || pending.size() >= CAPACITY) {
      return false;
    }
    recordFetch(client);
    return true;
  }

  private void recordFetch(BootClient client) {
    MacAddress mac = client.mac().get();
    long now = System.nanoTime();
    Long last = lastFetchRecorded.get(mac);
    if (last != null && now - last < FETCH_EVERY.toNanos()) {
      return;
    }
    if (lastFetchRecorded.size() >= CAPACITY) {
      lastFetchRecorded.clear();
    }
    lastFetchRecorded.put(mac, now);
    Optional<Inet4Address> ip =
        client.address() instanceof Inet4Address v4 ? Optional.of(v4) : Optional.empty();
    enqueue(new BootRequest(mac, Optional.empty(), ip, Firmware.UNKNOWN, false));
  }

  /**
   * Writes one sighting now, in a transaction of its own. Two packets of one new machine can race
   * to create it; the loser's unique-key violation is harmless and retried once as an update.
   */
  public void recordNow(BootRequest request) {
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        QuarkusTransaction.requiringNew().run(() -> touch(request));
        return;
      } catch (RuntimeException e) {
        if (attempt == 1) {
          LOG.warnf("could not record %s as seen: %s", request.mac(), e.getMessage());
        }
      }
    }
  }

  /** Waits (bounded) until every sighting handed in so far is in the store. */
  public boolean awaitWritten(Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    while ((!pending.isEmpty() || inFlight.get() > 0) && System.nanoTime() < deadline) {
      wake.release();
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return pending.isEmpty() && inFlight.get() == 0;
  }

  /** Transactions the writer has run so far (one per batch). */
  long batches() {
    return batches.get();
  }

  /** Sightings written by their caller because the map was full or the writer not running. */
  long writtenInline() {
    return writtenInline.get();
  }

  private void enqueue(BootRequest request) {
    if (!writer.running() || (pending.size() >= CAPACITY && !pending.containsKey(request.mac()))) {
      writtenInline.incrementAndGet();
      recordNow(request);
      return;
    }
    inFlight.incrementAndGet();
    try {
      pending.merge(request.mac(), request, HostSightings::later);
    } finally {
      inFlight.decrementAndGet();
    }
    wake.release();
  }

  /** The later sighting, keeping a UUID only the earlier one carried. */
  private static BootRequest later(BootRequest earlier, BootRequest later) {
    if (later.uuid().isPresent() || earlier.uuid().isEmpty()) {
      return later;
    }
    return new BootRequest(later.mac(), earlier.uuid(), later.ip(), later.firmware(), later.ipxe());
  }

  /** One turn of the writer: when woken, lingers so a storm's sightings share a batch. */
  private void writeWhenWoken() throws InterruptedException {
    if (!wake.tryAcquire(1, TimeUnit.SECONDS)) {
      return;
    }
    Thread.sleep(LINGER_MILLIS);
    wake.drainPermits();
    writeBatches();
  }

  /** Writes everything pending, {@link #BATCH} sightings per transaction. */
  private synchronized void writeBatches() {
    while (!pending.isEmpty()) {
      List<BootRequest> batch = new ArrayList<>(BATCH);
      inFlight.incrementAndGet();
      try {
        Iterator<MacAddress> it = pending.keySet().iterator();
        while (it.hasNext() && batch.size() < BATCH) {
          BootRequest r = pending.remove(it.next());
          if (r != null) {
            batch.add(r);
          }
        }
        write(batch);
      } finally {
        inFlight.decrementAndGet();
      }
    }
  }

  private void write(List<BootRequest> batch) {
    if (batch.isEmpty()) {
      return;
    }
    batches.incrementAndGet();
    try {
      QuarkusTransaction.requiringNew()
          .run(
              () -> {
                // One MAC per batch: no query needs to see this batch's own changes, and a flush
                // before each of them would check every host touched so far.
                Host.getEntityManager().setFlushMode(FlushModeType.COMMIT);
                batch.forEach(HostSightings::touch);
              });
    } catch (RuntimeException e) {
      // A host created meanwhile by someone else (unique MAC): each on its own settles it.
      LOG.debugf("batch of %d sightings failed (%s); writing them one by one", batch.size(), e);
      batch.forEach(this::recordNow);
    }
  }

  /**
   * Runs a batch's writes for {@code batch} (machines no one has: the warm-up's synthetic MACs) and
   * rolls them back: the queries, the inserts of discovered hosts and the updates of known ones go
   * through Hibernate, the driver and the database once, so that the first real sightings of a boot
   * storm do not pay for parsing the queries and loading the classes. Nothing is stored.
   */
  void rehearse(List<BootRequest> batch) {
    try {
      QuarkusTransaction.requiringNew()
          .run(
              () -> {
                var em = Host.getEntityManager();
                em.setFlushMode(FlushModeType.COMMIT);
                batch.forEach(HostSightings::touch);
                em.flush();
                // Now known: the updates of a machine seen again.
                batch.forEach(HostSightings::touch);
                em.flush();
                throw new RehearsalOver();
              });
    } catch (RehearsalOver expected) {
      // The transaction ran every write and was rolled back, as it should.
    }
  }

  /** Ends a rehearsal's transaction: an exception out of the task is what rolls it back. */
  private static final class RehearsalOver extends RuntimeException {
    RehearsalOver() {
      super("rehearsal over", null, false, false);
    }
  }

  /**
   * Only the columns a sighting owns are written, by targeted updates: loading the host and saving
   * it whole would write back every other column as it was read, and so undo a change made in the
   * meantime (a one-shot next boot cleared by the boot itself, a profile an admin just assigned).
   */
  private static void touch(BootRequest request) {
    OffsetDateTime now = OffsetDateTime.now();
    var em = Host.getEntityManager();
    Long id =
        em.createQuery("select h.id from Host h where h.mac = :mac", Long.class)
            .setParameter("mac", request.mac().colon())
            .getResultStream()
            .findFirst()
            .orElse(null);
    if (id == null) {
      Host host = new Host();
      host.mac = request.mac().colon();
      host.discovered = true;
      host.firstSeen = now;
      host.lastSeen = now;
      request.uuid().ifPresent(u -> host.uuid = u.wireOrder());
      host.persist();
      return;
    }
    em.createQuery(
            "update Host h set h.lastSeen = :now, h.firstSeen = coalesce(h.firstSeen, :now)"
                + " where h.id = :id")
        .setParameter("now", now)
        .setParameter("id", id)
        .executeUpdate();
    request
        .uuid()
        .ifPresent(
            u ->
                em.createQuery(
                        "update Host h set h.uuid = :uuid where h.id = :id and h.uuid is null")
                    .setParameter("uuid", u.wireOrder())
                    .setParameter("id", id)
                    .executeUpdate());
  }
}
