package dev.bootkeeper.dhcp;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded set of single-thread executors. Work with the same key (the client MAC) always runs on
 * the same lane, in arrival order, so a client's retransmitted DISCOVERs never race each other for
 * two addresses; different clients run in parallel. Each lane queues at most {@link #QUEUE} tasks;
 * beyond that work is refused (the client retransmits).
 */
final class WorkLanes implements AutoCloseable {

  static final int QUEUE = 512;

  private final ThreadPoolExecutor[] lanes;

  WorkLanes(int count, String name) {
    AtomicInteger n = new AtomicInteger();
    lanes = new ThreadPoolExecutor[count];
    for (int i = 0; i < count; i++) {
      lanes[i] =
          new ThreadPoolExecutor(
              1,
              1,
              0,
              TimeUnit.SECONDS,
              new ArrayBlockingQueue<>(QUEUE),
              r -> {
                Thread t = new Thread(r, name + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
    }
  }

  /** Returns false when the lane is full or closed. */
  boolean submit(int key, Runnable task) {
    try {
      lanes[Math.floorMod(key, lanes.length)].execute(task);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  @Override
  public void close() {
    for (ThreadPoolExecutor lane : lanes) {
      lane.shutdown();
    }
    for (ThreadPoolExecutor lane : lanes) {
      try {
        if (!lane.awaitTermination(2, TimeUnit.SECONDS)) {
          lane.shutdownNow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        lane.shutdownNow();
      }
    }
  }
}
