package dev.bootkeeper.tftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionNegotiatorTest {

  private final OptionNegotiator n = new OptionNegotiator(1468, 64);

  private TransferOptions agreed(Map<String, String> req, TransferMode mode, long size) {
    return assertInstanceOf(OptionNegotiator.Outcome.Agreed.class, n.negotiate(req, mode, size))
        .options();
  }

  private static Map<String, String> opts(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void noOptionsMeansNoOack() {
    TransferOptions o = agreed(Map.of(), TransferMode.OCTET, 10);
    assertEquals(512, o.blksize());
    assertEquals(Map.of(), o.oack());
  }

  @Test
  void blksizeIsCappedAndTooSmallIsRefused() {
    assertEquals(
        "1468", agreed(opts("blksize", "65464"), TransferMode.OCTET, 1).oack().get("blksize"));
    assertEquals(1408, agreed(opts("blksize", "1408"), TransferMode.OCTET, 1).blksize());
    assertEquals(
        1468, agreed(opts("blksize", "99999999999999999999999"), TransferMode.OCTET, 1).blksize());
    assertInstanceOf(
        OptionNegotiator.Outcome.Refused.class,
        n.negotiate(opts("blksize", "7"), TransferMode.OCTET, 1));
    assertEquals(Map.of(), agreed(opts("blksize", "-5"), TransferMode.OCTET, 1).oack());
    assertEquals(Map.of(), agreed(opts("blksize", "12ab"), TransferMode.OCTET, 1).oack());
  }

  @Test
  void tsizeOnlyInOctetMode() {
    assertEquals("40", agreed(opts("tsize", "0"), TransferMode.OCTET, 40).oack().get("tsize"));
    assertEquals(Map.of(), agreed(opts("tsize", "0"), TransferMode.NETASCII, 40).oack());
  }

  @Test
  void timeoutWithinRfc2349Range() {
    TransferOptions o = agreed(opts("timeout", "6"), TransferMode.OCTET, 1);
    assertEquals(6, o.timeoutSeconds());
    assertEquals("6", o.oack().get("timeout"));
    assertEquals(Map.of(), agreed(opts("timeout", "0"), TransferMode.OCTET, 1).oack());
    assertEquals(Map.of(), agreed(opts("timeout", "256"), TransferMode.OCTET, 1).oack());
  }

  @Test
  void windowsizeCappedAndUnknownOptionsOmitted() {
    TransferOptions o =
        agreed(
            opts("windowsize", "1000", "multicast", "", "rollover", "1", "blksize", "1468"),
            TransferMode.OCTET,
            1);
    assertEquals(64, o.windowsize());
    assertEquals("{windowsize=64, blksize=1468}", o.oack().toString());
    assertEquals(Map.of(), agreed(opts("windowsize", "0"), TransferMode.OCTET, 1).oack());
  }
}
