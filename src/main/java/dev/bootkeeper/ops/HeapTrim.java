package dev.bootkeeper.ops;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Gives the heap that start-up or a boot storm grew, and no longer uses, back to the system: one
 * full collection with the JVM's free-ratio bounds narrowed for it. G1 shrinks the heap after a
 * full collection only down to what {@code MaxHeapFreeRatio} allows (70% free by default, so a 30
 * MiB live set keeps 100 MiB); the bounds go back to what they were right after, so the heap grows
 * as freely as before when traffic returns. Bounds an operator set on the command line are left
 * alone, and the collection then follows them.
 */
final class HeapTrim {

  /**
   * Free share allowed after the trim's collection: the live set plus a tenth, rounded up to G1's
   * regions (4 MiB here). The heap grows again as soon as traffic needs it; an idle appliance
   * should not hold what it does not use.
   */
  static final String TRIM_MAX_FREE = "10";

  static final String TRIM_MIN_FREE = "0";

  private HeapTrim() {}

  /** Heap committed now, in bytes. */
  static long committed() {
    return memory().getHeapMemoryUsage().getCommitted();
  }

  /**
   * Collects and shrinks; returns the heap committed afterwards, in bytes. Blocks for one full
   * collection (tens of milliseconds for the appliance's live set).
   */
  static long trim() {
    HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    VMOption min = vm.getVMOption("MinHeapFreeRatio");
    VMOption max = vm.getVMOption("MaxHeapFreeRatio");
    boolean narrow =
        min.getOrigin() == VMOption.Origin.DEFAULT && max.getOrigin() == VMOption.Origin.DEFAULT;
    if (narrow) {
      // Min before max, and back in the other order: the JVM refuses min > max at every step.
      vm.setVMOption("MinHeapFreeRatio", TRIM_MIN_FREE);
      vm.setVMOption("MaxHeapFreeRatio", TRIM_MAX_FREE);
    }
    try {
      System.gc();
    } finally {
      if (narrow) {
        vm.setVMOption("MaxHeapFreeRatio", max.getValue());
        vm.setVMOption("MinHeapFreeRatio", min.getValue());
      }
    }
    return committed();
  }

  private static MemoryMXBean memory() {
    return ManagementFactory.getMemoryMXBean();
  }
}
