package dev.bootkeeper.tftp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which requested options the server accepts (RFC 2347) and with which values. The OACK
 * carries only options the client asked for, lower case, plain decimal: GRUB compares names
 * byte-for-byte and pxelinux aborts on any option it did not request. Options this server does not
 * know, and values it cannot parse, are simply left out of the OACK (RFC 2347 §3).
 */
public final class OptionNegotiator {

  public static final int DEFAULT_BLKSIZE = 512;
  public static final int MIN_BLKSIZE = 8;
  public static final int MAX_BLKSIZE = 65_464;

  private final int maxBlksize;
  private final int maxWindowsize;

  public OptionNegotiator(int maxBlksize, int maxWindowsize) {
    this.maxBlksize = Math.max(MIN_BLKSIZE, Math.min(MAX_BLKSIZE, maxBlksize));
    this.maxWindowsize = Math.max(1, Math.min(65_535, maxWindowsize));
  }

  /** What was agreed, or why the request is refused with error 8. */
  public sealed interface Outcome {
    record Agreed(TransferOptions options) implements Outcome {}

    record Refused(String reason) implements Outcome {}
  }

  /**
   * @param fileSize the exact size the client will receive, when known (tsize is only offered then)
   */
  public Outcome negotiate(Map<String, String> requested, TransferMode mode, long fileSize) {
    Map<String, String> accepted = new LinkedHashMap<>();
    int blksize = DEFAULT_BLKSIZE;
    int windowsize = 1;
    int timeoutSeconds = 0;
    for (Map.Entry<String, String> e : requested.entrySet()) {
      Optional<Long> value = decimal(e.getValue());
      switch (e.getKey()) {
        case "blksize":
          if (value.isEmpty()) {
            break;
          }
          // RFC 2348: 8..65464; a server may answer a smaller size than asked, never a larger one.
          if (value.get() < MIN_BLKSIZE) {
            return new Outcome.Refused("blksize " + e.getValue() + " is below 8 (RFC 2348)");
          }
          blksize = (int) Math.min(value.get(), maxBlksize);
          accepted.put("blksize", Integer.toString(blksize));
          break;
        case "tsize":
          // RFC 2349: the size of a netascii transfer is not known in advance, so no tsize.
          if (value.isPresent() && mode == TransferMode.OCTET && fileSize >= 0) {
            accepted.put("tsize", Long.toString(fileSize));
          }
          break;
        case "timeout":
          // RFC 2349: 1..255 seconds, echoed as is; other values are not accepted.
          if (value.isPresent() && value.get() >= 1 && value.get() <= 255) {
            timeoutSeconds = value.get().intValue();
            accepted.put("timeout", Integer.toString(timeoutSeconds));
          }
          break;
        case "windowsize":
          // RFC 7440: 1..65535 blocks; the server may answer fewer.
          if (value.isPresent() && value.get() >= 1 && value.get() <= 65_535) {
            windowsize = (int) Math.min(value.get(), maxWindowsize);
            accepted.put("windowsize", Integer.toString(windowsize));
          }
          break;
        default:
          break;
      }
    }
    return new Outcome.Agreed(new TransferOptions(blksize, windowsize, timeoutSeconds, accepted));
  }

  /** Plain decimal digits only; anything else (signs, spaces, 30 digits) is not a value. */
  static Optional<Long> decimal(String s) {
    if (s.isEmpty() || s.length() > 18) {
      return s.length() > 18 && s.chars().allMatch(Character::isDigit)
          ? Optional.of(Long.MAX_VALUE)
          : Optional.empty();
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return Optional.empty();
      }
    }
    return Optional.of(Long.parseLong(s));
  }
}
