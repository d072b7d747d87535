package dev.bootkeeper.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootkeeper.boot.Ipv4;
import java.net.Inet4Address;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The DHCP warm-up answers its synthetic exchanges through the full responder and rehearses the
 * lease store's claims, and the store holds no lease afterwards: not one row of the rehearsal.
 */
class DhcpWarmUpTest {

  static final Inet4Address SERVER = Ipv4.require("198.18.0.1");

  final DataSource db = TestDatabase.withLeaseTable();

  DhcpSettings full() {
    Subnet subnet =
        Subnet.of(
            "198.18.0.0/24",
            "198.18.0.20-198.18.0.250",
            Optional.empty(),
            List.of(),
            Optional.empty(),
            Duration.ofHours(1));
    return new DhcpSettings(
        DhcpMode.FULL,
        Optional.empty(),
        SERVER,
        0,
        0,
        68,
        SERVER,
        List.of(subnet),
        Duration.ofSeconds(60),
        Duration.ofMinutes(10),
        2);
  }

  @Test
  void exchangesAreAnsweredAndRehearsedClaimsLeaveNoLease() {
    JdbcLeaseStore store = new JdbcLeaseStore(db);
    try {
      DhcpWarmUp.Result r = DhcpWarmUp.run(full(), new FakePolicy(SERVER), store);
      assertTrue(r.exchanges() > 0, r.toString());
      assertEquals(r.exchanges(), r.answered(), "every synthetic exchange ends in an ACK: " + r);
      assertTrue(r.claimsRehearsed() >= DhcpWarmUp.CLAIMS_PER_BATCH, r.toString());
      assertEquals(List.of(), store.all(), "the rehearsal stored nothing");
      assertEquals(0, store.countActive(Instant.now()));
    } finally {
      store.close();
    }
  }

  @Test
  void inProxyModeNoExchangeRunsAndNoClaimIsRehearsed() {
    JdbcLeaseStore store = new JdbcLeaseStore(db);
    try {
      DhcpSettings proxy =
          new DhcpSettings(
              DhcpMode.PROXY,
              Optional.empty(),
              SERVER,
              0,
              0,
              68,
              SERVER,
              full().subnets(),
              Duration.ofSeconds(60),
              Duration.ofMinutes(10),
              2);
      DhcpWarmUp.Result r = DhcpWarmUp.run(proxy, new FakePolicy(SERVER), store);
      assertEquals(0, r.exchanges());
      assertEquals(0, r.claimsRehearsed());
    } finally {
      store.close();
    }
  }
}
