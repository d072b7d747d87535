package dev.bootkeeper.tftp;

import java.util.concurrent.atomic.LongAdder;

/** Counters of what the TFTP server saw, for logs, health and tests. */
public final class TftpStats {

  final LongAdder malformed = new LongAdder();
  final LongAdder wrongTid = new LongAdder();
  final LongAdder busy = new LongAdder();
  final LongAdder started = new LongAdder();
  final LongAdder completed = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder probes = new LongAdder();
  final LongAdder notFound = new LongAdder();
  final LongAdder refused = new LongAdder();
  final LongAdder retransmissions = new LongAdder();
  final LongAdder bytesSent = new LongAdder();
  final LongAdder repeatedRequests = new LongAdder();
  final LongAdder rateLimited = new LongAdder();

  /** Datagrams that were not valid TFTP (truncated, unknown opcode, missing NUL, too long). */
  public long malformed() {
    return malformed.sum();
  }

  /** Packets that reached a transfer port from another address or port (answered with ERROR 5). */
  public long wrongTid() {
    return wrongTid.sum();
  }

  /** Clients turned away with ERROR 0 "server busy, retry". */
  public long busy() {
    return busy.sum();
  }

  public long started() {
    return started.sum();
  }

  public long completed() {
    return completed.sum();
  }

  public long failed() {
    return failed.sum();
  }

  /** Transfers a client ended right after the OACK (UEFI tsize probes). */
  public long probes() {
    return probes.sum();
  }

  public long notFound() {
    return notFound.sum();
  }

  /** Requests refused with ERROR 2: writes, paths outside the image root. */
  public long refused() {
    return refused.sum();
  }

  /** Requests a client sent again before our first answer reached it (answered by the transfer). */
  public long repeatedRequests() {
    return repeatedRequests.sum();
  }

  /** Datagrams dropped unanswered because their address sent more than its request rate. */
  public long rateLimited() {
    return rateLimited.sum();
  }

  /** File bytes the clients acknowledged, over every transfer that has ended. */
  public long bytesSent() {
    return bytesSent.sum();
  }

  public long retransmissions() {
    return retransmissions.sum();
  }
}
