package dev.bootkeeper.boot;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * While the appliance warms its protocol servers up with its own loopback requests before it says
 * it is ready, the boot events of those requests are not boots: they are neither stored, logged nor
 * shown. Only events from a loopback address are hidden, and only while the window is open; no
 * machine boots over loopback, and nothing else can be served before the appliance is ready.
 */
@ApplicationScoped
public class WarmUpWindow {

  private volatile boolean open;

  public void open() {
    open = true;
  }

  public void close() {
    open = false;
  }

  /** Whether {@code event} is the warm-up's own. */
  public boolean hides(BootEvent event) {
    return hidesClient(event.ip());
  }

  /**
   * Whether a request from {@code ip} is the warm-up's: its answer is not a boot event, not a
   * repeat to sum up later, and not in the counters.
   */
  public boolean hidesClient(String ip) {
    return open && isLoopback(ip);
  }

  static boolean isLoopback(String ip) {
    return ip != null
        && (ip.startsWith("127.") || ip.equals("::1") || ip.equals("0:0:0:0:0:0:0:1"));
  }
}
