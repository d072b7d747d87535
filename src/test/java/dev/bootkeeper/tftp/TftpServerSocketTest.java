package dev.bootkeeper.tftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.bootkeeper.boot.BootEvent;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Protocol details checked with a hand-driven UDP client over 127.0.0.1. */
class TftpServerSocketTest {

  Path root;
  TestTftp tftp;

  /** A minimal client: one socket, one remembered server transfer port. */
  final class Client implements AutoCloseable {
    final DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    InetSocketAddress peer;

    Client() throws IOException {
      socket.setSoTimeout(3000);
    }

    void sendTo(InetSocketAddress to, TftpPacket p) throws IOException {
      byte[] b = TftpCodec.encode(p);
      socket.send(new DatagramPacket(b, b.length, to));
    }

    void raw(byte[] b) throws IOException {
      socket.send(new DatagramPacket(b, b.length, server()));
    }

    void rrq(String name, String... options) throws IOException {
      Map<String, String> o = new LinkedHashMap<>();
      for (int i = 0; i < options.length; i += 2) {
        o.put(options[i], options[i + 1]);
      }
      sendTo(server(), new TftpPacket.ReadRequest(name, "octet", o));
    }

    void ack(int block) throws IOException {
      sendTo(peer, new TftpPacket.Ack(block));
    }

    TftpPacket receive() throws IOException {
      byte[] buf = new byte[70_000];
      DatagramPacket d = new DatagramPacket(buf, buf.length);
      socket.receive(d);
      peer = (InetSocketAddress) d.getSocketAddress();
      TftpCodec.Decoded decoded = TftpCodec.decode(ByteBuffer.wrap(buf, 0, d.getLength()));
      return assertInstanceOf(TftpCodec.Decoded.Ok.class, decoded).packet();
    }

    void expectSilence(int millis) throws IOException {
      socket.setSoTimeout(millis);
      assertThrows(SocketTimeoutException.class, this::receive);
      socket.setSoTimeout(3000);
    }

    @Override
    public void close() {
      socket.close();
    }
  }

  InetSocketAddress server() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), tftp.port());
  }

  void startServer(TestTftp.Settings s) throws IOException {
    root = Files.createTempDirectory("bk-tftp-sock-");
    Files.write(root.resolve("small"), new byte[700]);
    Files.write(root.resolve("big"), new byte[512 * 20]);
    tftp = new TestTftp(root, Map.of(), s);
  }

  @BeforeEach
  void defaults() throws IOException {
    startServer(new TestTftp.Settings());
  }

  @AfterEach
  void stop() throws IOException {
    tftp.close();
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  static int dataBlock(TftpPacket p) {
    return assertInstanceOf(TftpPacket.Data.class, p).block();
  }

  @Test
  void eachTransferHasItsOwnPortAndForeignTidGetsError5() throws Exception {
    try (Client a = new Client();
        Client intruder = new Client()) {
      a.rrq("big");
      assertEquals(1, dataBlock(a.receive()));
      assertNotEquals(tftp.port(), a.peer.getPort(), "DATA must come from a new port");
      intruder.sendTo(a.peer, new TftpPacket.Ack(1));
      TftpPacket.Error e = assertInstanceOf(TftpPacket.Error.class, intruder.receive());
      assertEquals(5, e.code());
      assertEquals(a.peer, intruder.peer, "ERROR 5 must come from the transfer's port");
      a.ack(1);
      assertEquals(2, dataBlock(a.receive()));
      assertEquals(1, tftp.server.stats().wrongTid());
    }
  }

  @Test
  void duplicateAckSendsNothing() throws Exception {
    try (Client a = new Client()) {
      a.rrq("big");
      assertEquals(1, dataBlock(a.receive()));
      a.ack(1);
      assertEquals(2, dataBlock(a.receive()));
      a.ack(1);
      a.expectSilence(400);
      a.ack(2);
      assertEquals(3, dataBlock(a.receive()));
    }
  }

  @Test
  void malformedPacketsAreCountedAndTheServerKeepsServing() throws Exception {
    try (Client a = new Client()) {
      a.raw(new byte[] {0});
      a.raw(new byte[] {0, 9, 0, 0});
      assertEquals(4, assertInstanceOf(TftpPacket.Error.class, a.receive()).code());
      a.raw(new byte[] {0, 1, 'a', 0, 'o', 'c'});
      assertEquals(4, assertInstanceOf(TftpPacket.Error.class, a.receive()).code());
      a.raw(new byte[] {0, 1, 'a', 0, 'm', 'a', 'i', 'l', 0});
      assertEquals(4, assertInstanceOf(TftpPacket.Error.class, a.receive()).code());
      a.raw(new byte[] {0, 4, 0, 1});
      a.rrq("small");
      assertEquals(1, dataBlock(a.receive()));
      assertEquals(5, tftp.server.stats().malformed());
    }
  }

  @Test
  void writeRequestIsAnAccessViolation() throws Exception {
    try (Client a = new Client()) {
      a.sendTo(server(), new TftpPacket.WriteRequest("x", "octet"));
      assertEquals(2, assertInstanceOf(TftpPacket.Error.class, a.receive()).code());
    }
  }

  @Test
  void tooSmallBlksizeIsRefusedWithError8() throws Exception {
    try (Client a = new Client()) {
      a.rrq("small", "blksize", "4");
      assertEquals(8, assertInstanceOf(TftpPacket.Error.class, a.receive()).code());
    }
  }

  @Test
  void tsizeProbeThenRealDownloadFromTheSamePort() throws Exception {
    try (Client a = new Client()) {
      a.rrq("small", "tsize", "0", "blksize", "1468");
      TftpPacket.OptionAck oack = assertInstanceOf(TftpPacket.OptionAck.class, a.receive());
      assertEquals("{tsize=700, blksize=1468}", oack.options().toString());
      // UEFI's GetInfo: read the size, abort with error 8, ask again at once.
      a.sendTo(a.peer, new TftpPacket.Error(8, "User aborted the transfer"));
      a.rrq("small", "blksize", "1468");
      assertInstanceOf(TftpPacket.OptionAck.class, a.receive());
      a.ack(0);
      TftpPacket.Data d = assertInstanceOf(TftpPacket.Data.class, a.receive());
      assertEquals(700, d.payload().remaining());
      assertEquals(1, d.block());
      a.ack(1);
      BootEvent probe = awaitEvent("client aborted after options (tsize probe)");
      assertEquals(BootEvent.Outcome.INFO, probe.outcome());
      awaitEvent("small: 700 bytes");
    }
  }

  @Test
  void aRequestSentAgainBeforeTheFirstAnswerIsAnsweredByTheSameTransfer() throws Exception {
    try (Client a = new Client()) {
      // iPXE and pxelinux resend a request when the first answer is slow to come.
      a.rrq("big", "blksize", "1000");
      a.rrq("big", "blksize", "1000");
      assertInstanceOf(TftpPacket.OptionAck.class, a.receive());
      InetSocketAddress tid = a.peer;
      a.ack(0);
      int next = 1;
      boolean last = false;
      while (!last) {
        TftpPacket p = a.receive();
        assertEquals(tid, a.peer, "everything comes from the first transfer's port");
        if (p instanceof TftpPacket.Data d && d.block() == next) {
          last = d.payload().remaining() < 1000;
          a.ack(next++);
        }
      }
      awaitEvent("big: 10240 bytes");
      assertEquals(1, tftp.server.stats().started());
      // REPEATED
      a.expectSilence(300);
    }
  }

  /**
   * Under load the request loop may read a repeated request only after the client has answered the
   * first transfer. A client still answering that transfer did not mean a new one: the transfer
   * goes on (it used to be cancelled, which failed a pxelinux kernel download).
   */
  @Test
  void aRepeatReadAfterTheClientAnsweredDoesNotCancelTheLiveTransfer() throws Exception {
    try (Client a = new Client()) {
      a.rrq("big", "blksize", "512");
      assertInstanceOf(TftpPacket.OptionAck.class, a.receive());
      InetSocketAddress tid = a.peer;
      a.ack(0);
      a.rrq("big", "blksize", "512");
      int next = 1;
      boolean last = false;
      while (!last) {
        TftpPacket p = a.receive();
        assertEquals(tid, a.peer, "everything comes from the first transfer's port");
        if (p instanceof TftpPacket.Data d && d.block() == next) {
          last = d.payload().remaining() < 512;
          // A slow client: the transfer outlives the server's second look at the repeat.
          Thread.sleep(15);
          a.ack(next++);
        }
      }
      awaitEvent("big: 10240 bytes");
      assertEquals(1, tftp.server.stats().started());
      a.expectSilence(300);
    }
  }

  /** A client that went quiet on its transfer and asks again from the same port gets a new one. */
  @Test
  void aRequestAgainAfterTheClientWentQuietStartsANewTransfer() throws Exception {
    try (Client a = new Client()) {
      a.rrq("big", "blksize", "512");
      assertInstanceOf(TftpPacket.OptionAck.class, a.receive());
      InetSocketAddress first = a.peer;
      a.ack(0);
      assertEquals(1, dataBlock(a.receive()));
      a.rrq("big", "blksize", "512");
      TftpPacket p = a.receive();
      while (first.equals(a.peer)) {
        p = a.receive();
      }
      assertInstanceOf(TftpPacket.OptionAck.class, p, "a new transfer answers from a new port");
    }
  }

  @Test
  void newRequestFromAPortWithAnUnfinishedTransferIsServed() throws Exception {
    try (Client a = new Client()) {
      a.rrq("big");
      assertEquals(1, dataBlock(a.receive()));
      InetSocketAddress first = a.peer;
      a.rrq("small");
      assertEquals(1, dataBlock(a.receive()));
      assertNotEquals(first, a.peer);
      a.ack(1);
      assertEquals(2, dataBlock(a.receive()));
      a.ack(2);
      awaitEvent("small: 700 bytes");
    }
  }

  @Test
  void clientsBeyondMaxTransfersWaitAndOverflowIsBusy() throws Exception {
    tftp.close();
    TestTftp.Settings s = new TestTftp.Settings();
    s.maxTransfers = 1;
    s.maxQueued = 1;
    tftp = new TestTftp(root, Map.of(), s);
    try (Client a = new Client();
        Client b = new Client();
        Client c = new Client()) {
      a.rrq("small");
      assertEquals(1, dataBlock(a.receive()));
      b.rrq("small");
      b.expectSilence(300);
      c.rrq("small");
      TftpPacket.Error busy = assertInstanceOf(TftpPacket.Error.class, c.receive());
      assertEquals(0, busy.code());
      assertEquals("server busy, retry", busy.message());
      a.ack(1);
      a.ack(2);
      assertEquals(1, dataBlock(b.receive()), "the queued client starts when the slot frees");
      assertEquals(1, tftp.server.stats().busy());
    }
  }

  /**
   * A transfer's socket reads one datagram per wake-up of its event loop: two ACKs that are both
   * waiting when it wakes are still both answered at once, the second neither waiting for a third
   * datagram nor for the retransmission timer (1 s here, which would send DATA 2 again).
   */
  @Test
  void anAckQueuedBehindAnotherIsAnsweredAtOnce() throws Exception {
    try (Client a = new Client()) {
      a.rrq("big");
      assertEquals(1, dataBlock(a.receive()));
      List<EventExecutor> loops = new ArrayList<>();
      tftp.group.forEach(loops::add);
      CountDownLatch held = new CountDownLatch(loops.size());
      CountDownLatch release = new CountDownLatch(1);
      for (EventExecutor loop : loops) {
        loop.execute(
            () -> {
              held.countDown();
              try {
                release.await(2, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
      }
      try {
        assertTrue(held.await(2, TimeUnit.SECONDS), "every event loop held");
        a.ack(1);
        a.ack(2);
        // Both datagrams are in the socket's queue before its event loop looks again.
        Thread.sleep(100);
      } finally {
        release.countDown();
      }
      assertEquals(2, dataBlock(a.receive()));
      assertEquals(3, dataBlock(a.receive()), "the second ACK is answered before any resend");
    }
  }

  @Test
  void windowsizeSendsAWindowPerAck() throws Exception {
    try (Client a = new Client()) {
      a.rrq("big", "windowsize", "4");
      assertEquals("{windowsize=4}", ((TftpPacket.OptionAck) a.receive()).options().toString());
      a.ack(0);
      for (int i = 1; i <= 4; i++) {
        assertEquals(i, dataBlock(a.receive()));
      }
      a.ack(2);
      for (int i = 3; i <= 6; i++) {
        assertEquals(i, dataBlock(a.receive()));
      }
    }
  }

  private BootEvent awaitEvent(String detailPart) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      for (BootEvent e : tftp.events) {
        if (e.detail().contains(detailPart)) {
          return e;
        }
      }
      Thread.sleep(30);
    }
    return fail("no event with '" + detailPart + "' in " + tftp.events);
  }
}
