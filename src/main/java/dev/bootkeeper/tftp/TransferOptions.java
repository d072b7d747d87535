package dev.bootkeeper.tftp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The agreed transfer parameters.
 *
 * @param timeoutSeconds the client's RFC 2349 timeout, or 0 when it did not ask for one
 * @param oack the options to acknowledge, in request order; empty means no OACK is sent and DATA
 *     block 1 answers the request (RFC 1350)
 */
public record TransferOptions(
    int blksize, int windowsize, int timeoutSeconds, Map<String, String> oack) {

  public TransferOptions {
    oack = Collections.unmodifiableMap(new LinkedHashMap<>(oack));
  }

  public static TransferOptions plain() {
    return new TransferOptions(OptionNegotiator.DEFAULT_BLKSIZE, 1, 0, Map.of());
  }

  public String describe() {
    if (oack.isEmpty()) {
      return "no options";
    }
    StringBuilder sb = new StringBuilder();
    oack.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(v));
    return sb.toString();
  }
}
