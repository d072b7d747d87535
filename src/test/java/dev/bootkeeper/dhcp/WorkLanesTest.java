package dev.bootkeeper.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A lane that fell behind serves what is still worth answering, REQUESTs first. */
class WorkLanesTest {

  static final long NO_LIMIT = Long.MAX_VALUE;

  /** Blocks the lane until released, so that work queues up behind it. */
  private static CountDownLatch block(WorkLanes lanes) throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(1);
    lanes.submit(
        0,
        () -> {
          running.countDown();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    assertTrue(running.await(10, TimeUnit.SECONDS));
    return release;
  }

  @Test
  void urgentWorkRunsBeforeNewWorkAndEachKindKeepsItsOrder() throws Exception {
    List<String> ran = new CopyOnWriteArrayList<>();
    try (WorkLanes lanes = new WorkLanes(1, "test-lane")) {
      CountDownLatch release = block(lanes);
      CountDownLatch done = new CountDownLatch(4);
      lanes.submit(0, WorkLanes.Kind.NEW, NO_LIMIT, job(ran, "discover-1", done), () -> {});
      lanes.submit(0, WorkLanes.Kind.URGENT, NO_LIMIT, job(ran, "request-1", done), () -> {});
      lanes.submit(0, WorkLanes.Kind.NEW, NO_LIMIT, job(ran, "discover-2", done), () -> {});
      lanes.submit(0, WorkLanes.Kind.URGENT, NO_LIMIT, job(ran, "request-2", done), () -> {});
      release.countDown();
      assertTrue(done.await(10, TimeUnit.SECONDS));
    }
    assertEquals(List.of("request-1", "request-2", "discover-1", "discover-2"), ran);
  }

  @Test
  void workThatWaitedPastItsDeadlineIsSkippedAndCounted() throws Exception {
    List<String> ran = new CopyOnWriteArrayList<>();
    try (WorkLanes lanes = new WorkLanes(1, "test-lane")) {
      CountDownLatch release = block(lanes);
      CountDownLatch done = new CountDownLatch(2);
      lanes.submit(
          0,
          WorkLanes.Kind.NEW,
          TimeUnit.MILLISECONDS.toNanos(50),
          job(ran, "stale", done),
          log(ran, "expired", done));
      lanes.submit(
          0,
          WorkLanes.Kind.NEW,
          TimeUnit.SECONDS.toNanos(30),
          job(ran, "fresh", done),
          log(ran, "wrongly expired", done));
      Thread.sleep(200);
      release.countDown();
      assertTrue(done.await(10, TimeUnit.SECONDS));
      assertEquals(1, lanes.expired());
    }
    assertEquals(List.of("expired", "fresh"), ran);
  }

  @Test
  void aFullLaneRefusesWork() throws Exception {
    try (WorkLanes lanes = new WorkLanes(1, "test-lane")) {
      CountDownLatch release = block(lanes);
      for (int i = 0; i < WorkLanes.QUEUE; i++) {
        assertTrue(lanes.submit(0, () -> {}), "queued " + i);
      }
      assertFalse(lanes.submit(0, () -> {}), "the lane is full");
      release.countDown();
    }
  }

  @Test
  void whileAJobWaitsItsKeyIsHeldBackAndOtherKeysGoOn() throws Exception {
    List<String> ran = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> commit = new CompletableFuture<>();
    try (WorkLanes lanes = new WorkLanes(1, "test-lane")) {
      CountDownLatch release = block(lanes);
      CountDownLatch otherClient = new CountDownLatch(1);
      CountDownLatch done = new CountDownLatch(2);
      lanes.submit(
          1,
          WorkLanes.Kind.URGENT,
          NO_LIMIT,
          sameLane -> {
            ran.add("request-1");
            return commit.thenRunAsync(() -> ran.add("ack-1"), sameLane);
          },
          () -> {});
      lanes.submit(1, WorkLanes.Kind.URGENT, NO_LIMIT, job(ran, "request-1 again", done), () -> {});
      lanes.submit(2, WorkLanes.Kind.NEW, NO_LIMIT, job(ran, "discover-2", otherClient), () -> {});
      lanes.submit(1, WorkLanes.Kind.NEW, NO_LIMIT, job(ran, "discover-1", done), () -> {});
      release.countDown();
      assertTrue(otherClient.await(10, TimeUnit.SECONDS), "the other client was served");
      Thread.sleep(100);
      assertEquals(List.of("request-1", "discover-2"), ran, "client 1 waits for its commit");
      commit.complete(null);
      assertTrue(done.await(10, TimeUnit.SECONDS));
    }
    assertEquals(List.of("request-1", "discover-2", "ack-1", "request-1 again", "discover-1"), ran);
  }

  @Test
  void aFollowUpAfterTheLaneStoppedRunsOnItsCaller() throws Exception {
    CompletableFuture<Void> commit = new CompletableFuture<>();
    CompletableFuture<String> followUp = new CompletableFuture<>();
    WorkLanes lanes = new WorkLanes(1, "test-lane");
    CountDownLatch started = new CountDownLatch(1);
    lanes.submit(
        0,
        WorkLanes.Kind.URGENT,
        NO_LIMIT,
        sameLane -> {
          started.countDown();
          return commit.thenRunAsync(
              () -> followUp.complete(Thread.currentThread().getName()), sameLane);
        },
        () -> {});
    assertTrue(started.await(10, TimeUnit.SECONDS));
    lanes.close();
    commit.complete(null);
    assertEquals(Thread.currentThread().getName(), followUp.get(10, TimeUnit.SECONDS));
  }

  private static WorkLanes.Job job(List<String> ran, String name, CountDownLatch done) {
    Runnable r = log(ran, name, done);
    return sameLane -> {
      r.run();
      return null;
    };
  }

  private static Runnable log(List<String> ran, String name, CountDownLatch done) {
    return () -> {
      ran.add(name);
      done.countDown();
    };
  }
}
