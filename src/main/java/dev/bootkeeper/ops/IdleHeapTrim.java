package dev.bootkeeper.ops;

import dev.bootkeeper.background.DaemonLoop;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Once the appliance has been quiet for a few seconds after its heap grew (start-up builds the
 * database schema, the ORM's model and the templates, and leaves most of that as garbage; a boot
 * storm grows the heap too), returns the unused heap ({@link HeapTrim}) and the C heap's free
 * memory ({@link NativeHeapTrim}) to the system. Never while it is busy: the full collection pauses
 * every thread, and a boot storm that starts with the appliance must not meet it.
 */
@ApplicationScoped
public class IdleHeapTrim {

  private static final Logger LOG = Logger.getLogger(IdleHeapTrim.class);

  private final boolean enabled;
  private final IdleTrimPolicy policy = new IdleTrimPolicy();
  private final DaemonLoop loop =
      DaemonLoop.every("heap-trim", IdleTrimPolicy.TICK, IdleTrimPolicy.TICK, this::tick);
  private long lastCpuNanos = -1;

  public IdleHeapTrim(MemoryConfig config) {
    this.enabled = config.trimIdleHeap();
  }

  void onStart(@Observes StartupEvent ev) {
    if (enabled) {
      loop.start();
    }
  }

  void onStop(@Observes ShutdownEvent ev) {
    loop.stop(Duration.ZERO);
  }

  private void tick() {
    long cpu = processCpuNanos();
    long used = lastCpuNanos < 0 ? Long.MAX_VALUE : cpu - lastCpuNanos;
    lastCpuNanos = cpu;
    long before = HeapTrim.committed();
    if (policy.shouldTrim(used, before)) {
      long after = HeapTrim.trim();
      policy.trimmed(after);
      // The collection freed native memory too (buffers, compiler arenas): give it back with it.
      String nativeTrim = NativeHeapTrim.trim().map(report -> "; " + report).orElse("");
      // The collection itself used CPU: the next tick must not count it as traffic.
      lastCpuNanos = processCpuNanos();
      LOG.infof(
          "memory: the appliance is idle; returned %d MiB of unused heap to the system (heap now"
              + " %d MiB)%s",
          Math.max(0, before - after) >> 20, after >> 20, nativeTrim);
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
