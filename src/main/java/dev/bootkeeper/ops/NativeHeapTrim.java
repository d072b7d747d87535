package dev.bootkeeper.ops;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Optional;
import javax.management.JMException;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Gives the C heap's free memory back to the system. The JIT compilers work in arenas of several
 * MiB that they free when a compilation ends, and start-up and the warm-up compile thousands of
 * methods: glibc keeps those freed pages in its free lists, about 20 MiB of resident memory that
 * nothing uses. The JVM's own {@code System.trim_native_heap} diagnostic command (glibc's {@code
 * malloc_trim}) returns them; it is called through the platform's diagnostic command MBean, as
 * {@code jcmd} would, so nothing outside the JVM is needed. JVMs without the command (older builds,
 * other C libraries) are left as they are.
 */
final class NativeHeapTrim {

  private static final String DIAGNOSTIC_COMMANDS = "com.sun.management:type=DiagnosticCommand";

  /** The MBean operation name of {@code System.trim_native_heap}. */
  static final String OPERATION = "systemTrimNativeHeap";

  private NativeHeapTrim() {}

  /**
   * Trims, if this JVM can.
   *
   * @return the JVM's one-line report ({@code "Trim native heap: RSS+Swap: 258M->236M ..."}), or
   *     empty when the command does not exist here
   */
  static Optional<String> trim() {
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      ObjectName commands = new ObjectName(DIAGNOSTIC_COMMANDS);
      Optional<MBeanOperationInfo> operation =
          Arrays.stream(server.getMBeanInfo(commands).getOperations())
              .filter(info -> info.getName().equals(OPERATION))
              .findFirst();
      if (operation.isEmpty()) {
        return Optional.empty();
      }
      // Commands that take arguments are exposed with one String[] parameter, the others none.
      boolean takesArguments = operation.get().getSignature().length > 0;
      Object result =
          takesArguments
              ? server.invoke(
                  commands,
                  OPERATION,
                  new Object[] {new String[0]},
                  new String[] {String[].class.getName()})
              : server.invoke(commands, OPERATION, new Object[0], new String[0]);
      return Optional.of(String.valueOf(result).lines().reduce((first, last) -> last).orElse(""));
    } catch (JMException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }
}
