package dev.bootkeeper.dhcp;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * A bounded set of single-thread lanes. Work with the same key (the client MAC) always runs on the
 * same lane, so a client's retransmitted DISCOVERs never race each other for two addresses;
 * different clients run in parallel. Each lane queues at most {@link #QUEUE} tasks; beyond that
 * work is refused (the client retransmits).
 *
 * <p>Two rules keep a lane useful when more arrives than it can serve (a boot storm, or the first
 * seconds after a start): urgent work (a REQUEST, which completes a lease the client is waiting
 * for) runs before new work (a DISCOVER), and work that waited longer than its deadline is skipped,
 * not answered. An answer that comes after the client gave up and retransmitted only adds to the
 * backlog; without the deadline a lane that fell behind once answered nothing but stale requests
 * from then on. Work of one key keeps its order within a kind; a REQUEST may overtake a queued
 * retransmitted DISCOVER of the same client, which then only gets its bound address offered again.
 */
final class WorkLanes implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(WorkLanes.class);

  static final int QUEUE = 512;

  /** Whether work completes an exchange the client is already in, and runs first. */
  enum Kind {
    URGENT,
    NEW
  }

  private record Task(Runnable work, Runnable expired, long deadline) {}

  private final Lane[] lanes;
  private final AtomicLong expired = new AtomicLong();

  WorkLanes(int count, String name) {
    lanes = new Lane[count];
    for (int i = 0; i < count; i++) {
      lanes[i] = new Lane(name + "-" + (i + 1));
    }
  }

  /** Runs {@code task} in order with other work of {@code key}; no deadline. */
  boolean submit(int key, Runnable task) {
    return submit(key, Kind.URGENT, Long.MAX_VALUE, task, () -> {});
  }

  /**
   * Returns false when the lane is full or closed.
   *
   * @param maxWaitNanos how long the task may wait; later it is skipped and {@code expired} runs
   *     instead (on the lane thread)
   */
  boolean submit(int key, Kind kind, long maxWaitNanos, Runnable task, Runnable expired) {
    long now = System.nanoTime();
    long deadline = maxWaitNanos == Long.MAX_VALUE ? Long.MAX_VALUE : now + maxWaitNanos;
    return lanes[Math.floorMod(key, lanes.length)].offer(kind, new Task(task, expired, deadline));
  }

  /** Tasks skipped so far because they waited past their deadline. */
  long expired() {
    return expired.get();
  }

  @Override
  public void close() {
    for (Lane lane : lanes) {
      lane.shutdown();
    }
    for (Lane lane : lanes) {
      lane.await(TimeUnit.SECONDS.toMillis(2));
    }
  }

  private final class Lane implements Runnable {
    private final ArrayDeque<Task> urgent = new ArrayDeque<>();
    private final ArrayDeque<Task> fresh = new ArrayDeque<>();
    private final Thread thread;
    private boolean closed;

    Lane(String name) {
      thread = new Thread(this, name);
      thread.setDaemon(true);
      thread.start();
    }

    synchronized boolean offer(Kind kind, Task task) {
      if (closed || urgent.size() + fresh.size() >= QUEUE) {
        return false;
      }
      (kind == Kind.URGENT ? urgent : fresh).addLast(task);
      notifyAll();
      return true;
    }

    /** The next task, urgent first; null once closed and drained. */
    private synchronized Task take() throws InterruptedException {
      while (urgent.isEmpty() && fresh.isEmpty()) {
        if (closed) {
          return null;
        }
        wait();
      }
      return urgent.isEmpty() ? fresh.pollFirst() : urgent.pollFirst();
    }

    @Override
    public void run() {
      try {
        for (Task t = take(); t != null; t = take()) {
          try {
            if (t.deadline() != Long.MAX_VALUE && System.nanoTime() - t.deadline() > 0) {
              expired.incrementAndGet();
              t.expired().run();
            } else {
              t.work().run();
            }
          } catch (RuntimeException e) {
            // A lane must outlive any one task.
            LOG.errorf(e, "DHCP work failed on %s", thread.getName());
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    synchronized void shutdown() {
      closed = true;
      notifyAll();
    }

    void await(long millis) {
      try {
        thread.join(millis);
        if (thread.isAlive()) {
          thread.interrupt();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        thread.interrupt();
      }
    }
  }
}
