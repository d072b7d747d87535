package dev.bootkeeper.dhcp;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
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
 *
 * <p>Work may finish later ({@link Job}): a REQUEST waits for its lease's commit, and its lane
 * serves other clients meanwhile instead of waiting with it. Until the job is done its key is busy:
 * the key's next work is held back and runs, in order, right after; the job's own follow-up (the
 * ACK) runs on the lane ahead of anything queued.
 */
final class WorkLanes implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(WorkLanes.class);

  static final int QUEUE = 512;

  /** Whether work completes an exchange the client is already in, and runs first. */
  enum Kind {
    URGENT,
    NEW
  }

  /** Work for a lane that may finish later. */
  @FunctionalInterface
  interface Job {
    /**
     * Does the work, or starts it.
     *
     * @param sameLane runs follow-up work on this job's lane, ahead of queued work
     * @return null when done, else a stage that completes when the job is; until then, other work
     *     of the same key waits
     */
    CompletionStage<?> run(Executor sameLane);
  }

  private record Task(int key, Kind kind, Job job, Runnable expired, long deadline) {}

  private static final long STARTUP_WAIT_SECONDS = 5;

  private final Lane[] lanes;
  private final AtomicLong expired = new AtomicLong();

  /** Counted down by each lane's thread once it runs (and so has its name in the OS). */
  private final CountDownLatch running;

  /** Returns once every lane's thread runs, so that the caller may find them by name. */
  WorkLanes(int count, String name) {
    lanes = new Lane[count];
    running = new CountDownLatch(count);
    for (int i = 0; i < count; i++) {
      lanes[i] = new Lane(name + "-" + (i + 1));
    }
    try {
      running.await(STARTUP_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs {@code task} in order with other work of {@code key}; no deadline. */
  boolean submit(int key, Runnable task) {
    return submit(
        key,
        Kind.URGENT,
        Long.MAX_VALUE,
        sameLane -> {
          task.run();
          return null;
        },
        () -> {});
  }

  /**
   * Returns false when the lane is full or closed.
   *
   * @param maxWaitNanos how long the task may wait; later it is skipped and {@code expired} runs
   *     instead (on the lane thread)
   */
  boolean submit(int key, Kind kind, long maxWaitNanos, Job job, Runnable expired) {
    long now = System.nanoTime();
    long deadline = maxWaitNanos == Long.MAX_VALUE ? Long.MAX_VALUE : now + maxWaitNanos;
    return lanes[Math.floorMod(key, lanes.length)].offer(
        new Task(key, kind, job, expired, deadline));
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

  private final class Lane implements Runnable, Executor {
    private final ArrayDeque<Runnable> followUps = new ArrayDeque<>();
    private final ArrayDeque<Task> urgent = new ArrayDeque<>();
    private final ArrayDeque<Task> fresh = new ArrayDeque<>();

    /** Keys whose job has not finished yet. */
    private final Set<Integer> busy = new HashSet<>();

    /** Work of a busy key, in arrival order, run once the key's job is done. */
    private final Map<Integer, ArrayDeque<Task>> held = new HashMap<>();

    private int heldCount;
    private final Thread thread;
    private boolean closed;

    /** Set once the thread has taken its last work; follow-ups then run on their caller. */
    private boolean stopped;

    Lane(String name) {
      thread = new Thread(this, name);
      thread.setDaemon(true);
      thread.start();
    }

    synchronized boolean offer(Task task) {
      if (closed || urgent.size() + fresh.size() + heldCount >= QUEUE) {
        return false;
      }
      queueOf(task.kind()).addLast(task);
      notifyAll();
      return true;
    }

    /**
     * A job's follow-up. Never refused while the lane runs: the job's key stays busy until it has
     * run. After the lane has stopped it runs on the caller's thread.
     */
    @Override
    public void execute(Runnable followUp) {
      synchronized (this) {
        if (!stopped) {
          followUps.addLast(followUp);
          notifyAll();
          return;
        }
      }
      followUp.run();
    }

    private ArrayDeque<Task> queueOf(Kind kind) {
      return kind == Kind.URGENT ? urgent : fresh;
    }

    /**
     * The next thing to run, follow-ups first, then urgent work, then new; work of a busy key is
     * set aside on the way. Null once closed and drained.
     */
    private synchronized Object take() throws InterruptedException {
      while (true) {
        if (!followUps.isEmpty()) {
          return followUps.pollFirst();
        }
        Task t = urgent.isEmpty() ? fresh.pollFirst() : urgent.pollFirst();
        if (t == null) {
          if (closed) {
            stopped = true;
            return null;
          }
          wait();
        } else if (busy.contains(t.key())) {
          held.computeIfAbsent(t.key(), k -> new ArrayDeque<>()).addLast(t);
          heldCount++;
        } else {
          return t;
        }
      }
    }

    /** The key's job is done: its held work goes back to the front of the queues, in order. */
    private synchronized void done(int key) {
      busy.remove(key);
      ArrayDeque<Task> waiting = held.remove(key);
      if (waiting != null) {
        heldCount -= waiting.size();
        for (Iterator<Task> it = waiting.descendingIterator(); it.hasNext(); ) {
          Task t = it.next();
          queueOf(t.kind()).addFirst(t);
        }
        notifyAll();
      }
    }

    private synchronized void markBusy(int key) {
      busy.add(key);
    }

    @Override
    public void run() {
      running.countDown();
      try {
        for (Object next = take(); next != null; next = take()) {
          try {
            if (next instanceof Task t) {
              runTask(t);
            } else {
              ((Runnable) next).run();
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

    private void runTask(Task t) {
      if (t.deadline() != Long.MAX_VALUE && System.nanoTime() - t.deadline() > 0) {
        expired.incrementAndGet();
        t.expired().run();
        return;
      }
      CompletionStage<?> pending = t.job().run(this);
      if (pending != null && !pending.toCompletableFuture().isDone()) {
        markBusy(t.key());
        pending.whenComplete((result, failure) -> done(t.key()));
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
