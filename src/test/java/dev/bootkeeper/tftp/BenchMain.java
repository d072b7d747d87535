package dev.bootkeeper.tftp;

import java.nio.file.Path;
import java.util.Map;

/**
 * Runs Bootkeeper's TFTP server outside Quarkus for bench/tftp/run.sh: {@code BenchMain <root>
 * <port>}. Prints {@code READY <port>} once bound and serves until killed.
 */
public final class BenchMain {

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    TestTftp.Settings s = new TestTftp.Settings();
    s.port = Integer.parseInt(args[1]);
    // Every benchmark client runs on 127.0.0.1, standing in for many machines: no per-address
    // shares, or the storm case would measure the queue instead of the server.
    s.maxTransfersPerClient = s.maxTransfers;
    s.maxQueuedPerClient = s.maxQueued;
    s.requestsPerSecondPerClient = 1_000_000;
    s.requestBurstPerClient = 1_000_000;
    TestTftp tftp = new TestTftp(Path.of(args[0]), Map.of(), s);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  TftpStats st = tftp.server.stats();
                  System.out.printf(
                      "STATS started=%d completed=%d failed=%d busy=%d retransmissions=%d"
                          + " malformed=%d%n",
                      st.started(),
                      st.completed(),
                      st.failed(),
                      st.busy(),
                      st.retransmissions(),
                      st.malformed());
                  tftp.close();
                }));
    System.out.println("READY " + tftp.port());
    Thread.currentThread().join();
  }
}
