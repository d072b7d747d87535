package dev.bootkeeper.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trim on this very JVM: the heap that garbage grew is given back, the bounds restored. */
class HeapTrimTest {

  static final long MIB = 1L << 20;

  @Test
  void theHeapGrownByGarbageIsGivenBackAndTheFreeRatiosAreRestored() {
    HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    String min = vm.getVMOption("MinHeapFreeRatio").getValue();
    String max = vm.getVMOption("MaxHeapFreeRatio").getValue();
    List<byte[]> held = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      held.add(new byte[4 * (int) MIB]);
    }
    long grown = HeapTrim.committed();
    assertTrue(grown >= 256 * MIB, "the heap holds 256 MiB: " + (grown >> 20) + " MiB");
    held.clear();
    long after = HeapTrim.trim();
    long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    // With the JVM's default bounds (70% free allowed) the heap would keep over three times the
    // live set; the trim's bounds leave a tenth more than it, plus a few regions.
    assertTrue(
        after <= live * 11 / 10 + 24 * MIB && after <= grown - 128 * MIB,
        "committed "
            + (grown >> 20)
            + " MiB before, "
            + (after >> 20)
            + " MiB after, for "
            + (live >> 20)
            + " MiB live");
    assertEquals(min, vm.getVMOption("MinHeapFreeRatio").getValue());
    assertEquals(max, vm.getVMOption("MaxHeapFreeRatio").getValue());
  }
}
