package dev.bootkeeper.nbd;

import java.util.Optional;

/** The errno-like values a reply carries; the wire values are fixed by the protocol, not the OS. */
enum NbdErrno {
  OK(0),
  EPERM(1),
  EIO(5),
  ENOMEM(12),
  EINVAL(22),
  ENOSPC(28),
  EOVERFLOW(75),
  ENOTSUP(95),
  ESHUTDOWN(108);

  final int code;

  NbdErrno(int code) {
    this.code = code;
  }

  static Optional<NbdErrno> fromCode(int code) {
    for (NbdErrno e : values()) {
      if (e.code == code) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }
}
