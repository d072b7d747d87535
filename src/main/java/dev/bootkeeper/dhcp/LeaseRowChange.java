package dev.bootkeeper.dhcp;

import dev.bootkeeper.boot.Ipv4;
import java.time.Instant;

/**
 * One change to a row of {@code dhcp_lease}, as the lease journal records it and the lease table
 * applier writes it: the whole row as it now is, or its removal. Whole rows, not the claims that
 * made them, so that applying a change twice (a replay after a crash) ends where applying it once
 * did.
 *
 * @param mac null for a quarantined address
 * @param state null for a removal
 */
record LeaseRowChange(long ip, String mac, String state, Instant expires, Instant updated) {

  /** The row a claim of {@code lease} at {@code now} writes, at the table's time precision. */
  static LeaseRowChange claim(Lease lease, Instant now) {
    return new LeaseRowChange(
        Ipv4.unsigned(lease.ip()),
        lease.mac().colon(),
        lease.state().name(),
        JdbcLeaseStore.time(lease.expires()).toInstant(),
        JdbcLeaseStore.time(now).toInstant());
  }

  static LeaseRowChange removal(long ip) {
    return new LeaseRowChange(ip, null, null, null, null);
  }

  boolean removes() {
    return state == null;
  }
}
