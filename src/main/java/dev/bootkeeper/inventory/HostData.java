package dev.bootkeeper.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.bootkeeper.boot.DhcpOptionSpec;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * A host as it is read and written from outside (the API's JSON form). The MAC is always returned
 * as aa:bb:cc:dd:ee:ff.
 *
 * @param uefiChain {@code ipxe} or {@code secure-boot}: the loader chain this machine gets on
 *     x86-64 UEFI; null leaves it to its labels, its profile and the configured default
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HostData(
    String mac,
    String hostname,
    String profile,
    String nextBootProfile,
    String uuid,
    String ip,
    Map<String, String> labels,
    String notes,
    String uefiChain,
    Boolean discovered,
    OffsetDateTime firstSeen,
    OffsetDateTime lastSeen,
    List<DhcpOptionSpec> dhcpOptions) {

  /** A host without DHCP options of its own. */
  public HostData(
      String mac,
      String hostname,
      String profile,
      String nextBootProfile,
      String uuid,
      String ip,
      Map<String, String> labels,
      String notes,
      String uefiChain,
      Boolean discovered,
      OffsetDateTime firstSeen,
      OffsetDateTime lastSeen) {
    this(
        mac,
        hostname,
        profile,
        nextBootProfile,
        uuid,
        ip,
        labels,
        notes,
        uefiChain,
        discovered,
        firstSeen,
        lastSeen,
        null);
  }

  /** What a person configured, without what the appliance observed (for exports and imports). */
  public HostData configuration() {
    return new HostData(
        mac,
        hostname,
        profile,
        nextBootProfile,
        uuid,
        ip,
        labels,
        notes,
        uefiChain,
        null,
        null,
        null,
        dhcpOptions);
  }
}
