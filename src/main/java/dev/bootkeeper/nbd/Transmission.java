package dev.bootkeeper.nbd;

import java.util.Optional;

/** Decides what to do with each request on a read-only export of {@code size} bytes. Pure. */
final class Transmission {

  /** What the connection does with one request. */
  sealed interface Action {
    /** Read {@code length} bytes at {@code offset} and send them. */
    record Read(long cookie, long offset, int length) implements Action {}

    /**
     * Discard {@code skip} payload bytes that follow the header, then reply with {@code error} (OK
     * for a successful FLUSH).
     */
    record Reply(long cookie, NbdErrno error, long skip, String message) implements Action {}

    /** NBD_CMD_DISC: answer the requests in flight, then close. No reply. */
    record Disconnect() implements Action {}
  }

  private static final int READ_FLAGS = Nbd.CMD_FLAG_FUA | Nbd.CMD_FLAG_DF;

  private final long size;

  Transmission(long size) {
    this.size = size;
  }

  Action decide(NbdRequest r) {
    Optional<NbdCommand> command = NbdCommand.fromCode(r.type());
    if (command.isEmpty()) {
      return error(r, NbdErrno.EINVAL, "unknown command " + r.type());
    }
    return switch (command.get()) {
      case READ -> read(r);
      // A rejected WRITE still has its payload on the wire: it must be skipped to stay in step.
      case WRITE ->
          new Action.Reply(r.cookie(), NbdErrno.EPERM, r.length(), "the export is read-only");
      case TRIM, WRITE_ZEROES -> error(r, NbdErrno.EPERM, "the export is read-only");
      case FLUSH -> new Action.Reply(r.cookie(), NbdErrno.OK, 0, "");
      case DISC -> new Action.Disconnect();
      default -> error(r, NbdErrno.EINVAL, command.get() + " is not supported");
    };
  }

  private Action read(NbdRequest r) {
    if ((r.flags() & ~READ_FLAGS) != 0) {
      return error(r, NbdErrno.EINVAL, String.format("READ flags 0x%04x", r.flags()));
    }
    if (r.length() == 0 || r.length() > Nbd.MAX_PAYLOAD) {
      return error(r, NbdErrno.EINVAL, "READ length " + r.length());
    }
    if (r.offset() < 0 || r.offset() > size || r.length() > size - r.offset()) {
      return error(
          r,
          NbdErrno.EINVAL,
          "READ of "
              + r.length()
              + " bytes at "
              + Long.toUnsignedString(r.offset())
              + " is beyond the export size "
              + size);
    }
    return new Action.Read(r.cookie(), r.offset(), (int) r.length());
  }

  private static Action error(NbdRequest r, NbdErrno error, String message) {
    return new Action.Reply(r.cookie(), error, 0, message);
  }
}
