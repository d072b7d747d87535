package dev.bootkeeper.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Optional;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** The C heap trim on this very JVM, through the same diagnostic command that jcmd would call. */
class NativeHeapTrimTest {

  @Test
  void aJvmWithTheCommandTrimsAndReportsWhatItGaveBack() throws Exception {
    assumeTrue(
        Arrays.stream(
                ManagementFactory.getPlatformMBeanServer()
                    .getMBeanInfo(new ObjectName("com.sun.management:type=DiagnosticCommand"))
                    .getOperations())
            .anyMatch(operation -> operation.getName().equals(NativeHeapTrim.OPERATION)),
        "this JVM has no System.trim_native_heap");
    Optional<String> report = NativeHeapTrim.trim();
    assertTrue(
        report.isPresent() && report.get().startsWith("Trim native heap"),
        "the JVM's report of the trim: " + report);
  }
}
