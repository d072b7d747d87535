package dev.bootkeeper.tftp;

import dev.bootkeeper.boot.FailureReason;
import java.nio.ByteBuffer;
import java.util.function.LongSupplier;

/**
 * The server side of one read transfer: OACK, DATA windows, ACKs, timeouts (RFC 1350, 2347, 2348,
 * 2349, 7440). Pure logic: bytes come from {@link TransferIo#read}, packets leave through {@link
 * TransferIo}, time comes from a clock. Not thread-safe: one event loop drives it.
 *
 * <p>Blocks are counted with a 64-bit absolute number (block 1 is the first DATA block); the wire
 * carries its low 16 bits, so block 65535 is followed by block 0 as tftp-hpa, dnsmasq, iPXE,
 * pxelinux and GRUB expect.
 */
public final class Transfer {

  private enum State {
    NEW,
    AWAIT_OACK_ACK,
    READING,
    AWAIT_ACK,
    DONE
  }

  private final long size;
  private final TransferOptions options;
  private final int retries;
  private final long initialTimeoutNanos;
  private final long firstAckTimeoutNanos;
  private final boolean backoff;
  private final LongSupplier nanoClock;
  private final TransferIo io;
  private final long lastBlock;

  private State state = State.NEW;

  /** Highest block the client acknowledged (0 = none, or the OACK). */
  private long acked;

  /** First and last block of the window being read or awaiting its ACK. */
  private long windowFirst;

  private long windowLast;
  private long token;
  private int attempts;
  private long timeoutNanos;
  private long deadline = Long.MAX_VALUE;
  private long retransmissions;

  /** When the first packet went out; the first-ACK timeout counts from here. */
  private long startedNanos;

  /** True once the client acknowledged anything: it is a real client waiting for this file. */
  private boolean answered;

  /**
   * @param size exact number of bytes the client receives
   * @param retries retransmissions allowed without progress before the transfer fails
   * @param defaultTimeoutNanos the first timeout when the client did not negotiate one; it doubles
   *     on each retransmission up to 8 times itself. A negotiated timeout (RFC 2349) stays fixed.
   */
  public Transfer(
      long size,
      TransferOptions options,
      int retries,
      long defaultTimeoutNanos,
      LongSupplier nanoClock,
      TransferIo io) {
    this(size, options, retries, defaultTimeoutNanos, 0, nanoClock, io);
  }

  /**
   * @param firstAckTimeoutNanos how long the first packet (OACK or DATA 1) waits for any ACK, over
   *     all its retransmissions; 0 for no limit beyond the retries. A request with a forged source
   *     address is never answered: this ends it after a few packets instead of the whole retry
   *     schedule (~31 s and six packets with the defaults), so the slot is free again and the
   *     forged victim receives less. The first retransmission is always sent, so a client that
   *     negotiated a long timeout (RFC 2349) still gets a second chance.
   */
  public Transfer(
      long size,
      TransferOptions options,
      int retries,
      long defaultTimeoutNanos,
      long firstAckTimeoutNanos,
      LongSupplier nanoClock,
      TransferIo io) {
    this.size = size;
    this.firstAckTimeoutNanos = firstAckTimeoutNanos;
    this.options = options;
    this.retries = retries;
    this.backoff = options.timeoutSeconds() == 0;
    this.initialTimeoutNanos =
        backoff ? defaultTimeoutNanos : options.timeoutSeconds() * 1_000_000_000L;
    this.timeoutNanos = initialTimeoutNanos;
    this.nanoClock = nanoClock;
    this.io = io;
    // RFC 1350 §6: the transfer ends with a DATA shorter than blksize, so a size that is an exact
    // multiple of blksize needs one more, empty block.
    this.lastBlock = size / options.blksize() + 1;
  }

  public void start() {
    if (state != State.NEW) {
      return;
    }
    startedNanos = nanoClock.getAsLong();
    if (options.oack().isEmpty()) {
      sendWindow(1);
    } else {
      state = State.AWAIT_OACK_ACK;
      io.send(new TftpPacket.OptionAck(options.oack()));
      arm();
    }
  }

  public void onAck(int wireBlock) {
    if (state == State.AWAIT_OACK_ACK) {
      // RFC 2347: the client confirms the OACK with ACK 0. Anything else is stale.
      if (wireBlock == 0) {
        progress();
        sendWindow(1);
      }
      return;
    }
    if (state != State.AWAIT_ACK && state != State.READING) {
      return;
    }
    long delta = (wireBlock - (acked & 0xffff)) & 0xffff;
    long block = acked + delta;
    // Duplicate or old ACKs (delta 0) and ACKs for blocks never sent are ignored: answering them
    // would start the Sorcerer's Apprentice (RFC 1123 §4.2.3.1).
    if (delta == 0 || block > windowLast) {
      return;
    }
    acked = block;
    progress();
    if (acked == lastBlock) {
      finish(new TransferResult(TransferResult.Kind.COMPLETED, null, "", size, retransmissions));
      return;
    }
    // RFC 7440 §4: an ACK for the end of the window, or for a block inside it (the client lost
    // the next one), starts the next window right after the acknowledged block.
    sendWindow(acked + 1);
  }

  /** An ERROR from the client ends the transfer (RFC 1350 §7). */
  public void onError(int code, String message) {
    if (state == State.DONE) {
      return;
    }
    if (state == State.AWAIT_OACK_ACK) {
      finish(
          new TransferResult(
              TransferResult.Kind.ABORTED_AFTER_OPTIONS,
              FailureReason.CLIENT_ABORTED,
              options.oack().containsKey("tsize")
                  ? "client aborted after options (tsize probe)"
                  : "client aborted after options: error " + code + " " + message,
              0,
              retransmissions));
      return;
    }
    finish(
        new TransferResult(
            TransferResult.Kind.FAILED,
            FailureReason.CLIENT_ABORTED,
            "client error " + code + ": " + message,
            Math.min(size, acked * options.blksize()),
            retransmissions));
  }

  public void onBytes(long readToken, ByteBuffer bytes) {
    if (state != State.READING || readToken != token) {
      return;
    }
    int blksize = options.blksize();
    ByteBuffer b = bytes.duplicate();
    for (long block = windowFirst; block <= windowLast; block++) {
      int len = Math.min(blksize, b.remaining());
      ByteBuffer payload = b.slice();
      payload.limit(len);
      b.position(b.position() + len);
      io.sendData((int) (block & 0xffff), payload);
    }
    io.flush();
    state = State.AWAIT_ACK;
    arm();
  }

  public void onReadFailed(long readToken, String reason) {
    if (state != State.READING || readToken != token) {
      return;
    }
    finish(
        new TransferResult(
            TransferResult.Kind.FAILED,
            FailureReason.IO_ERROR,
            "read failed: " + reason,
            acked * options.blksize(),
            0));
  }

  /**
   * Called by the driver's timer. Retransmits only when the deadline has really passed (RFC 1123
   * §4.2.3.1: retransmission is driven by timeouts alone).
   */
  public void onTimer() {
    if (state == State.DONE || state == State.READING || nanoClock.getAsLong() < deadline) {
      return;
    }
    if (unanswered()) {
      finish(
          new TransferResult(
              TransferResult.Kind.FAILED,
              FailureReason.TIMEOUT,
              "no ACK within "
                  + firstAckTimeoutNanos / 1_000_000
                  + " ms of the first packet ("
                  + retransmissions
                  + " retransmissions)",
              0,
              retransmissions));
      return;
    }
    if (attempts >= retries) {
      String waitingFor =
          state == State.AWAIT_OACK_ACK ? "ACK of the options" : "ACK of block " + windowLast;
      finish(
          new TransferResult(
              TransferResult.Kind.FAILED,
              FailureReason.TIMEOUT,
              "timeout after " + retries + " retries waiting for " + waitingFor,
              Math.min(size, acked * options.blksize()),
              retransmissions));
      return;
    }
    attempts++;
    retransmissions++;
    if (backoff) {
      timeoutNanos = Math.min(timeoutNanos * 2, initialTimeoutNanos * 8);
    }
    if (state == State.AWAIT_OACK_ACK) {
      io.send(new TftpPacket.OptionAck(options.oack()));
      arm();
    } else {
      sendWindow(acked + 1);
    }
  }

  /** Ends the transfer without further packets (a new request from the same port, shutdown). */
  public void cancel(String reason) {
    if (state != State.DONE) {
      finish(
          new TransferResult(
              TransferResult.Kind.CANCELLED,
              FailureReason.CANCELLED,
              reason,
              Math.min(size, acked * options.blksize()),
              retransmissions));
    }
  }

  /**
   * The client sent a new request from the same port (pxelinux's EFI build reuses its port). If
   * every block was already sent, the client evidently has the file and only its final ACK was
   * overtaken by the new request: that counts as completed.
   */
  public void supersede() {
    if (state == State.DONE) {
      return;
    }
    if (allSent()) {
      finish(
          new TransferResult(
              TransferResult.Kind.COMPLETED,
              null,
              "the client sent a new request before its final ACK",
              size,
              retransmissions));
    } else {
      cancel("superseded by a new request from the same client port");
    }
  }

  /** When {@link #onTimer()} should next be called; {@link Long#MAX_VALUE} when not waiting. */
  public long deadline() {
    return deadline;
  }

  public boolean isDone() {
    return state == State.DONE;
  }

  /** True once every block has been sent at least once: only the final ACK is outstanding. */
  public boolean allSent() {
    return windowLast == lastBlock && state == State.AWAIT_ACK;
  }

  public TransferOptions options() {
    return options;
  }

  private void sendWindow(long first) {
    windowFirst = first;
    windowLast = Math.min(lastBlock, first + options.windowsize() - 1);
    state = State.READING;
    deadline = Long.MAX_VALUE;
    long offset = (first - 1) * options.blksize();
    int length = (int) Math.min(size - offset, (windowLast - first + 1) * options.blksize());
    io.read(++token, offset, Math.max(0, length));
  }

  /** The client never acknowledged anything, and the first-ACK timeout has run out. */
  private boolean unanswered() {
    return !answered
        && firstAckTimeoutNanos > 0
        && attempts >= 1
        && nanoClock.getAsLong() - startedNanos >= firstAckTimeoutNanos;
  }

  private void progress() {
    answered = true;
    attempts = 0;
    timeoutNanos = initialTimeoutNanos;
  }

  private void arm() {
    deadline = nanoClock.getAsLong() + timeoutNanos;
    if (!answered && firstAckTimeoutNanos > 0 && attempts >= 1) {
      deadline = Math.min(deadline, startedNanos + firstAckTimeoutNanos);
    }
  }

  private void finish(TransferResult result) {
    state = State.DONE;
    deadline = Long.MAX_VALUE;
    token++;
    io.finished(result);
  }
}
