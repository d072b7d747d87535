package dev.bootkeeper.tftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One host floods the request port with read requests it never acknowledges (each from its own
 * port, as a script opening a socket per request does); another machine must still be served, by
 * tftp-hpa, at once. The flood comes from 127.0.0.3, the real client from 127.0.0.1.
 */
class TftpFloodTest {

  static final int FLOOD = 1500;
  static final byte[] SMALL = new byte[700];

  Path root;
  Path out;
  TestTftp tftp;
  final List<DatagramSocket> flood = new ArrayList<>();

  @BeforeEach
  void files() throws IOException {
    root = Files.createTempDirectory("bk-tftp-flood-");
    out = Files.createTempDirectory("bk-tftp-flood-out-");
    for (int i = 0; i < SMALL.length; i++) {
      SMALL[i] = (byte) i;
    }
    Files.write(root.resolve("small"), SMALL);
    Files.write(root.resolve("pxelinux.0"), new byte[512 * 90]);
  }

  @AfterEach
  void cleanUp() throws IOException {
    flood.forEach(DatagramSocket::close);
    if (tftp != null) {
      tftp.close();
    }
    for (Path dir : List.of(root, out)) {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Sends {@code n} read requests for pxelinux.0 from 127.0.0.3, each from a new port. */
  void floodFromOneHost(int n) throws IOException {
    InetAddress attacker = InetAddress.getByName("127.0.0.3");
    byte[] rrq = TftpCodec.encode(new TftpPacket.ReadRequest("pxelinux.0", "octet", Map.of()));
    InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), tftp.port());
    for (int i = 0; i < n; i++) {
      DatagramSocket s = new DatagramSocket(new InetSocketAddress(attacker, 0));
      flood.add(s);
      s.send(new DatagramPacket(rrq, rrq.length, server));
    }
  }

  /**
   * Waits (bounded) until the server has taken in what reached it of the flood, and returns how
   * many requests that was. The kernel drops part of a flood this fast when the socket's receive
   * buffer is full (208 KiB on a default system): those were neither admitted nor turned away.
   */
  long settle(long sent) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    long seen = seen();
    long stableSince = System.nanoTime();
    while (seen < sent && System.nanoTime() < deadline) {
      Thread.sleep(20);
      long now = seen();
      if (now != seen) {
        seen = now;
        stableSince = System.nanoTime();
      } else if (System.nanoTime() - stableSince > Duration.ofMillis(500).toNanos()) {
        break;
      }
    }
    Thread.sleep(200);
    return seen();
  }

  long seen() {
    TftpStats st = tftp.server.stats();
    return st.started() + tftp.server.queuedCount() + st.busy() + st.rateLimited();
  }

  void tftpHpaGetsSmallWithin(Duration max) throws Exception {
    Path target = out.resolve("small");
    long t0 = System.nanoTime();
    String output =
        TftpRealClientsTest.run(
            "tftp-hpa",
            "tftp",
            "127.0.0.1",
            String.valueOf(tftp.port()),
            "-m",
            "binary",
            "-c",
            "get",
            "small",
            target.toString());
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertEquals("", output.trim(), "tftp-hpa reported a problem (server busy?)");
    assertArrayEquals(SMALL, Files.readAllBytes(target));
    assertTrue(millis < max.toMillis(), "served in " + millis + " ms");
  }

  @Test
  void oneHostFloodingWithDefaultsLeavesOthersServed() throws Exception {
    tftp = new TestTftp(root, Map.of(), new TestTftp.Settings());
    long t0 = System.nanoTime();
    floodFromOneHost(FLOOD);
    long seen = settle(FLOOD);
    double seconds = (System.nanoTime() - t0) / 1e9;
    TftpStats st = tftp.server.stats();
    assertTrue(seen >= 500, "only " + seen + " of the flood reached the server");
    // The burst of 100, then 50 a second while the flood lasted.
    long admitted = seen - st.rateLimited();
    assertTrue(admitted <= 100 + 50 * (seconds + 1), admitted + " admitted in " + seconds + " s");
    assertTrue(tftp.server.activeCount() <= 8, "flooder runs " + tftp.server.activeCount());
    assertTrue(tftp.server.queuedCount() <= 8, "flooder queues " + tftp.server.queuedCount());
    tftpHpaGetsSmallWithin(Duration.ofSeconds(2));
  }

  @Test
  void perClientSharesAloneKeepTheSlotsAndTheQueueForOthers() throws Exception {
    TestTftp.Settings s = new TestTftp.Settings();
    s.requestsPerSecondPerClient = 1_000_000;
    s.requestBurstPerClient = 1_000_000;
    s.firstAckTimeout = Duration.ofSeconds(60);
    tftp = new TestTftp(root, Map.of(), s);
    floodFromOneHost(FLOOD);
    long seen = settle(FLOOD);
    TftpStats st = tftp.server.stats();
    assertTrue(seen >= 500, "only " + seen + " of the flood reached the server");
    assertEquals(0, st.rateLimited());
    assertEquals(8, tftp.server.activeCount(), "the flooder's share of the slots");
    assertEquals(8, tftp.server.queuedCount(), "the flooder's share of the queue");
    assertEquals(seen - 16, st.busy(), "the rest of the flood is turned away");
    tftpHpaGetsSmallWithin(Duration.ofSeconds(2));
  }

  @Test
  void anUnacknowledgedTransferFreesItsSlotAtTheFirstAckTimeout() throws Exception {
    TestTftp.Settings s = new TestTftp.Settings();
    s.maxTransfers = 2;
    s.firstAckTimeout = Duration.ofMillis(1500);
    tftp = new TestTftp(root, Map.of(), s);
    floodFromOneHost(2);
    settle(2);
    assertEquals(2, tftp.server.activeCount());
    // The only slots are held by requests nobody acknowledges: they end after 1.5 s (two DATA
    // packets each, at 0 and 1 s), not after the ~31 s retry schedule.
    tftpHpaGetsSmallWithin(Duration.ofSeconds(4));
    assertEquals(2, tftp.server.stats().failed(), "both unanswered transfers timed out");
  }
}
