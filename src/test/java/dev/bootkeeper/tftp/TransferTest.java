package dev.bootkeeper.tftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The transfer state machine against a fake network and a fake clock. */
class TransferTest {

  static final long SECOND = 1_000_000_000L;

  /** Records what the transfer sends as short strings: "OACK {...}", "DATA 1 512". */
  static final class FakeIo implements TransferIo {
    final byte[] content;
    final List<String> sent = new ArrayList<>();
    final List<byte[]> payloads = new ArrayList<>();
    TransferResult result;
    Transfer transfer;
    boolean deferReads;
    long pendingToken = -1;
    long pendingOffset;
    int pendingLength;

    FakeIo(int size) {
      content = new byte[size];
      for (int i = 0; i < size; i++) {
        content[i] = (byte) (i * 31 + 7);
      }
    }

    @Override
    public void send(TftpPacket packet) {
      sent.add("OACK " + ((TftpPacket.OptionAck) packet).options());
    }

    @Override
    public void sendData(int block, ByteBuffer payload) {
      sent.add("DATA " + block + " " + payload.remaining());
      byte[] b = new byte[payload.remaining()];
      payload.duplicate().get(b);
      payloads.add(b);
    }

    @Override
    public void flush() {}

    @Override
    public void read(long token, long offset, int length) {
      if (deferReads) {
        pendingToken = token;
        pendingOffset = offset;
        pendingLength = length;
        return;
      }
      transfer.onBytes(token, ByteBuffer.wrap(content, (int) offset, length).slice());
    }

    void completeRead() {
      transfer.onBytes(
          pendingToken, ByteBuffer.wrap(content, (int) pendingOffset, pendingLength).slice());
    }

    @Override
    public void finished(TransferResult r) {
      result = r;
    }

    List<String> take() {
      List<String> out = new ArrayList<>(sent);
      sent.clear();
      return out;
    }
  }

  long now;
  FakeIo io;
  Transfer t;

  void start(int size, TransferOptions options) {
    io = new FakeIo(size);
    t = new Transfer(size, options, 3, SECOND, () -> now, io);
    io.transfer = t;
    t.start();
  }

  static TransferOptions opts(int blksize, int window, String... oack) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < oack.length; i += 2) {
      m.put(oack[i], oack[i + 1]);
    }
    return new TransferOptions(blksize, window, 0, m);
  }

  void tick(long nanos) {
    now += nanos;
    t.onTimer();
  }

  @Test
  void plainTransferEndsWithAShortBlock() {
    start(513, TransferOptions.plain());
    assertEquals(List.of("DATA 1 512"), io.take());
    t.onAck(1);
    assertEquals(List.of("DATA 2 1"), io.take());
    t.onAck(2);
    assertEquals(TransferResult.Kind.COMPLETED, io.result.kind());
    assertEquals(513, io.result.bytes());
  }

  @Test
  void exactMultipleOfBlksizeGetsAnEmptyFinalBlockAndEmptyFileOneEmptyBlock() {
    start(512, TransferOptions.plain());
    t.onAck(1);
    assertEquals(List.of("DATA 1 512", "DATA 2 0"), io.take());
    start(0, TransferOptions.plain());
    assertEquals(List.of("DATA 1 0"), io.take());
    t.onAck(1);
    assertEquals(TransferResult.Kind.COMPLETED, io.result.kind());
  }

  @Test
  void lostDataIsResentOnTimeoutOnly() {
    start(2000, TransferOptions.plain());
    io.take();
    tick(SECOND / 2);
    assertEquals(List.of(), io.take(), "no resend before the timeout");
    tick(SECOND / 2);
    assertEquals(List.of("DATA 1 512"), io.take());
    // backoff: the next resend comes after 2 s
    tick(SECOND + SECOND / 2);
    assertEquals(List.of(), io.take());
    tick(SECOND / 2);
    assertEquals(List.of("DATA 1 512"), io.take());
    t.onAck(1);
    assertEquals(List.of("DATA 2 512"), io.take());
    assertEquals(2, sumRetransmissionsAtEnd());
  }

  private long sumRetransmissionsAtEnd() {
    t.onAck(2);
    t.onAck(3);
    t.onAck(4);
    return io.result.retransmissions();
  }

  @Test
  void lostAckLeadsToOneResendAndTheDuplicateAckIsIgnored() {
    start(2000, TransferOptions.plain());
    t.onAck(1);
    io.take();
    // The ACK for block 2 is lost; the timeout resends block 2.
    tick(SECOND);
    assertEquals(List.of("DATA 2 512"), io.take());
    t.onAck(2);
    assertEquals(List.of("DATA 3 512"), io.take());
    // The client also acknowledges the resent copy: a duplicate, which must not cause a send
    // (Sorcerer's Apprentice, RFC 1123 §4.2.3.1).
    t.onAck(2);
    t.onAck(1);
    assertEquals(List.of(), io.take());
  }

  @Test
  void retriesExhaustedFailsWithAReason() {
    start(100, TransferOptions.plain());
    io.take();
    for (int i = 0; i < 3; i++) {
      tick(10 * SECOND);
    }
    assertEquals(3, io.take().size());
    assertNull(io.result);
    tick(10 * SECOND);
    assertEquals(TransferResult.Kind.FAILED, io.result.kind());
    assertEquals("timeout after 3 retries waiting for ACK of block 1", io.result.reason());
  }

  @Test
  void blockNumbersWrapFrom65535ToZero() {
    int blocks = 65_537; // blocks 1..65537 → wire 1..65535, 0, 1; the last is short
    int size = (blocks - 1) * 8 + 3;
    start(size, opts(8, 1, "blksize", "8"));
    assertEquals(List.of("OACK {blksize=8}"), io.take());
    t.onAck(0);
    for (int b = 1; b <= 65_534; b++) {
      t.onAck(b);
    }
    io.take();
    t.onAck(65_535);
    // After block 65535 comes absolute block 65536, wire block 0.
    assertEquals(List.of("DATA 0 8"), io.take());
    t.onAck(0);
    assertEquals(List.of("DATA 1 3"), io.take());
    // A stale ACK 65535 must not be taken for progress after the wrap.
    t.onAck(65_535);
    assertEquals(List.of(), io.take());
    assertNull(io.result);
    t.onAck(1);
    assertEquals(TransferResult.Kind.COMPLETED, io.result.kind());
    assertEquals(size, io.result.bytes());
  }

  @Test
  void wireBlockZeroFollows65535() {
    start(65_536 * 4, opts(4, 1, "blksize", "4"));
    t.onAck(0);
    for (int b = 1; b < 65_535; b++) {
      t.onAck(b);
    }
    io.take();
    t.onAck(65_535);
    assertEquals(List.of("DATA 0 4"), io.take());
  }

  @Test
  void oackWaitsForAckZeroAndTsizeProbeAbortIsNormal() {
    start(1000, opts(1468, 1, "tsize", "1000"));
    assertEquals(List.of("OACK {tsize=1000}"), io.take());
    t.onAck(1);
    assertEquals(List.of(), io.take());
    t.onError(8, "User aborted the transfer");
    assertEquals(TransferResult.Kind.ABORTED_AFTER_OPTIONS, io.result.kind());
    assertEquals("client aborted after options (tsize probe)", io.result.reason());
  }

  void startWithFirstAckTimeout(TransferOptions options, long firstAckNanos) {
    io = new FakeIo(5000);
    t = new Transfer(5000, options, 5, SECOND, firstAckNanos, () -> now, io);
    io.transfer = t;
    t.start();
  }

  @Test
  void anUnansweredFirstPacketIsGivenUpAtTheFirstAckTimeout() {
    // Defaults: 1 s doubling, 5 retries would resend at 1, 3, 7, 15, 23 s and give up at 31 s.
    startWithFirstAckTimeout(TransferOptions.plain(), 5 * SECOND);
    assertEquals(List.of("DATA 1 512"), io.take());
    tick(SECOND);
    assertEquals(List.of("DATA 1 512"), io.take());
    tick(2 * SECOND);
    assertEquals(List.of("DATA 1 512"), io.take());
    assertEquals(5 * SECOND, t.deadline(), "the next deadline is the first-ACK timeout");
    tick(2 * SECOND);
    assertEquals(List.of(), io.take(), "three packets in all for a forged request");
    assertEquals(TransferResult.Kind.FAILED, io.result.kind());
    assertEquals(dev.bootkeeper.boot.FailureReason.TIMEOUT, io.result.cause());
    assertEquals(
        "no ACK within 5000 ms of the first packet (2 retransmissions)", io.result.reason());
  }

  @Test
  void anAnsweredTransferKeepsTheWholeRetrySchedule() {
    startWithFirstAckTimeout(TransferOptions.plain(), 5 * SECOND);
    io.take();
    t.onAck(1);
    assertEquals(List.of("DATA 2 512"), io.take());
    // Block 2's ACK is lost for good: 5 retries at 1, 2, 4, 8, 8 s, well past the 5 s.
    for (long wait : new long[] {1, 2, 4, 8, 8}) {
      tick(wait * SECOND);
      assertEquals(List.of("DATA 2 512"), io.take());
    }
    assertNull(io.result);
    tick(8 * SECOND);
    assertEquals("timeout after 5 retries waiting for ACK of block 2", io.result.reason());
  }

  @Test
  void aLongNegotiatedTimeoutStillGetsOneRetransmission() {
    startWithFirstAckTimeout(new TransferOptions(512, 1, 10, Map.of("timeout", "10")), 5 * SECOND);
    assertEquals(List.of("OACK {timeout=10}"), io.take());
    tick(5 * SECOND);
    assertEquals(List.of(), io.take());
    assertNull(io.result, "not given up before the first retransmission");
    tick(5 * SECOND);
    assertEquals(List.of("OACK {timeout=10}"), io.take());
    t.onAck(0);
    assertEquals(List.of("DATA 1 512"), io.take());
    tick(10 * SECOND);
    assertEquals(List.of("DATA 1 512"), io.take(), "answered: normal retries from here");
    assertNull(io.result);
  }

  @Test
  void lostOackIsResentOnTimeout() {
    start(1000, opts(1000, 1, "blksize", "1000"));
    io.take();
    tick(SECOND);
    assertEquals(List.of("OACK {blksize=1000}"), io.take());
    t.onAck(0);
    assertEquals(List.of("DATA 1 1000"), io.take());
  }

  @Test
  void negotiatedTimeoutIsFixed() {
    io = new FakeIo(5000);
    t =
        new Transfer(
            5000, new TransferOptions(512, 1, 3, Map.of("timeout", "3")), 5, SECOND, () -> now, io);
    io.transfer = t;
    t.start();
    t.onAck(0);
    io.take();
    tick(3 * SECOND);
    tick(3 * SECOND);
    assertEquals(List.of("DATA 1 512", "DATA 1 512"), io.take());
  }

  @Test
  void windowSendsSeveralBlocksPerAck() {
    start(10 * 100 + 50, opts(100, 4, "blksize", "100", "windowsize", "4"));
    assertEquals(List.of("OACK {blksize=100, windowsize=4}"), io.take());
    t.onAck(0);
    assertEquals(List.of("DATA 1 100", "DATA 2 100", "DATA 3 100", "DATA 4 100"), io.take());
    t.onAck(4);
    assertEquals(List.of("DATA 5 100", "DATA 6 100", "DATA 7 100", "DATA 8 100"), io.take());
    // Block 6 was lost: the client acknowledges 5 (last in order). RFC 7440 §4: resend from 6.
    t.onAck(5);
    assertEquals(List.of("DATA 6 100", "DATA 7 100", "DATA 8 100", "DATA 9 100"), io.take());
    // Further ACKs of 5 (the client saw 7 and 8 out of order) are duplicates.
    t.onAck(5);
    t.onAck(5);
    assertEquals(List.of(), io.take());
    t.onAck(9);
    assertEquals(List.of("DATA 10 100", "DATA 11 50"), io.take());
    t.onAck(11);
    assertEquals(TransferResult.Kind.COMPLETED, io.result.kind());
  }

  @Test
  void windowResendOnTimeoutStartsAfterTheLastAck() {
    start(1000, opts(100, 4, "windowsize", "4", "blksize", "100"));
    t.onAck(0);
    io.take();
    tick(SECOND);
    assertEquals(List.of("DATA 1 100", "DATA 2 100", "DATA 3 100", "DATA 4 100"), io.take());
  }

  @Test
  void payloadBytesAreTheFileBytes() {
    start(1000, opts(300, 2, "blksize", "300", "windowsize", "2"));
    t.onAck(0);
    t.onAck(2);
    t.onAck(4);
    ByteBuffer all = ByteBuffer.allocate(1000);
    io.payloads.forEach(all::put);
    assertEquals(ByteBuffer.wrap(io.content), all.flip());
  }

  @Test
  void asynchronousReadsAndStaleAnswersAreIgnored() {
    io = new FakeIo(2000);
    io.deferReads = true;
    t = new Transfer(2000, TransferOptions.plain(), 3, SECOND, () -> now, io);
    io.transfer = t;
    t.start();
    assertEquals(List.of(), io.take());
    tick(5 * SECOND);
    assertNull(io.result, "no timeout while the disk is being read");
    io.completeRead();
    assertEquals(List.of("DATA 1 512"), io.take());
    t.onBytes(1, ByteBuffer.allocate(512));
    assertEquals(List.of(), io.take());
  }

  @Test
  void supersedeAfterEverythingWasSentCountsAsCompleted() {
    start(100, TransferOptions.plain());
    assertTrue(t.allSent());
    t.supersede();
    assertEquals(TransferResult.Kind.COMPLETED, io.result.kind());
    start(1000, TransferOptions.plain());
    assertFalse(t.allSent());
    t.supersede();
    assertEquals(TransferResult.Kind.CANCELLED, io.result.kind());
  }

  @Test
  void clientErrorMidTransferFails() {
    start(1000, TransferOptions.plain());
    t.onAck(1);
    t.onError(0, "disk full");
    assertEquals(TransferResult.Kind.FAILED, io.result.kind());
    assertEquals("client error 0: disk full", io.result.reason());
  }
}
