package dev.bootkeeper.api;

import dev.bootkeeper.boot.Ipv4;
import dev.bootkeeper.boot.MacAddress;
import dev.bootkeeper.dhcp.JdbcLeaseStore;
import dev.bootkeeper.store.DhcpLease;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The DHCP leases in the store, by address. */
@Path("/api/v1/leases")
@Produces(MediaType.APPLICATION_JSON)
public class LeaseResource {

  static final int MAX_PAGE_SIZE = 1000;

  private final JdbcLeaseStore leases;

  public LeaseResource(JdbcLeaseStore leases) {
    this.leases = leases;
  }

  /** The conditions behind each state a lease is listed with. */
  static final Map<String, String> STATES =
      Map.of(
          "offered", "state = 'OFFERED' and expiresAt > :now",
          "bound", "state = 'BOUND' and expiresAt > :now",
          "active", "state in ('OFFERED', 'BOUND') and expiresAt > :now",
          "released", "state = 'RELEASED'",
          "quarantined", "state = 'QUARANTINED' and expiresAt > :now",
          "expired", "state <> 'RELEASED' and expiresAt <= :now");

  /**
   * @param state offered, bound, released, quarantined (DHCPDECLINE: in use by someone unknown) or
   *     expired
   * @param mac null for a quarantined address
   */
  public record LeaseDto(
      String ip, String mac, String state, OffsetDateTime expires, OffsetDateTime updated) {

    static LeaseDto of(DhcpLease l, OffsetDateTime now) {
      return new LeaseDto(l.ip, l.mac, stateOf(l, now), l.expiresAt, l.updatedAt);
    }
  }

  /**
   * Leases in address order. Filters combine: {@code mac}, {@code ip} (exact), {@code state} (one
   * of offered, bound, active = offered or bound, released, quarantined, expired).
   */
  @GET
  @Transactional
  public Page<LeaseDto> list(
      @QueryParam("mac") String mac,
      @QueryParam("ip") String ip,
      @QueryParam("state") String state,
      @QueryParam("page") @DefaultValue("0") int page,
      @QueryParam("size") @DefaultValue("100") int size) {
    if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
      throw ApiProblem.badRequest("page must be >= 0 and size between 1 and " + MAX_PAGE_SIZE);
    }
    // The lease journal's changes reach the table behind the DHCP answers: all of them first.
    leases.awaitWritten();
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    List<String> where = new ArrayList<>();
    Parameters params = new Parameters();
    if (mac != null && !mac.isBlank()) {
      where.add("mac = :mac");
      params.and("mac", MacAddress.parse(mac).map(MacAddress::colon).orElseThrow(() -> bad(mac)));
    }
    if (ip != null && !ip.isBlank()) {
      try {
        params.and("ipNum", Ipv4.unsigned(Ipv4.require(ip)));
      } catch (IllegalArgumentException e) {
        throw ApiProblem.badRequest("ip: " + e.getMessage());
      }
      where.add("ipNum = :ipNum");
    }
    if (state != null && !state.isBlank()) {
      String condition = STATES.get(state.trim().toLowerCase(Locale.ROOT));
      if (condition == null) {
        throw ApiProblem.badRequest(
            "state '"
                + (state.length() > 20 ? state.substring(0, 20) + "…" : state)
                + "' is not one of offered, bound, active, released, quarantined, expired");
      }
      where.add(condition);
      if (condition.contains(":now")) {
        params.and("now", now);
      }
    }
    PanacheQuery<DhcpLease> query =
        DhcpLease.find(String.join(" and ", where), Sort.ascending("ipNum"), params);
    long total = query.count();
    List<LeaseDto> items =
        query.page(io.quarkus.panache.common.Page.of(page, size)).list().stream()
            .map(l -> LeaseDto.of(l, now))
            .toList();
    return new Page<>(items, page, size, total);
  }

  static String stateOf(DhcpLease l, OffsetDateTime now) {
    if (DhcpLease.RELEASED.equals(l.state)) {
      return "released";
    }
    if (!l.expiresAt.isAfter(now)) {
      return "expired";
    }
    return l.state.toLowerCase(Locale.ROOT);
  }

  private static ApiProblem bad(String mac) {
    return ApiProblem.badRequest(
        "mac '"
            + (mac.length() > 20 ? mac.substring(0, 20) + "…" : mac)
            + "' is not a MAC address (use aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff or aabbccddeeff)");
  }
}
