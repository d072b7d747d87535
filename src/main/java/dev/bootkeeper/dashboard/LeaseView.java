package dev.bootkeeper.dashboard;

import io.quarkus.qute.TemplateData;
import java.util.List;

/**
 * The DHCP server's leases as the dashboard lists them. The full DHCP server provides one CDI bean
 * implementing this; without one, the leases page says that DHCP is off.
 */
public interface LeaseView {

  /** One lease. Times are already formatted for people. */
  @TemplateData
  record LeaseRow(
      String ip, String mac, String hostname, String state, String expires, String subnet) {}

  /** True while this DHCP server hands out addresses (full mode). */
  boolean serving();

  /** Leases whose IP, MAC or hostname contains the search (all when it is empty), by IP. */
  List<LeaseRow> leases(String search, int page, int pageSize);

  /** How many leases match the search. */
  long count(String search);
}
