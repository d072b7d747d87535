package dev.bootkeeper.api;

import dev.bootkeeper.boot.BootEvent;
import dev.bootkeeper.boot.BootEventRows;
import dev.bootkeeper.inventory.Fields;
import dev.bootkeeper.store.BootEventEntity;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The boot trace: every DHCP, TFTP, HTTP and NBD step, newest first. */
@Path("/api/v1/events")
@Produces(MediaType.APPLICATION_JSON)
public class EventResource {

  /**
   * One step of the trace. {@code step}, {@code detail} and {@code outcome} are as they always
   * were; {@code stepType} and {@code reason} are the typed step and failure reason to decide on
   * ({@code UNKNOWN} for a step stored before they existed), and the rest are the step's facts,
   * null where the protocol does not know them. {@code node} is the appliance that served the step
   * (null for steps stored before it was recorded).
   */
  public record EventDto(
      long id,
      OffsetDateTime at,
      String mac,
      String ip,
      String uuid,
      String protocol,
      String step,
      String detail,
      String outcome,
      String stepType,
      String reason,
      String file,
      Long bytes,
      Long durationMs,
      String profile,
      String firmware,
      String node) {
    static EventDto of(BootEventEntity stored) {
      BootEvent e = BootEventRows.toEvent(stored);
      BootEvent.Facts f = e.facts();
      return new EventDto(
          stored.id,
          stored.at,
          e.mac(),
          e.ip(),
          e.uuid(),
          e.protocol().name(),
          e.step().label(),
          e.detail(),
          e.outcome().name(),
          e.step().name(),
          e.reason() == null ? null : e.reason().name(),
          f.file(),
          f.bytes(),
          f.durationMs(),
          f.profile(),
          f.firmware() == null ? null : f.firmware().name(),
          e.node());
    }
  }

  @GET
  public Page<EventDto> list(
      @QueryParam("mac") String mac,
      @QueryParam("since") String since,
      @QueryParam("until") String until,
      @QueryParam("protocol") String protocol,
      @QueryParam("page") @DefaultValue("0") int page,
      @QueryParam("size") @DefaultValue("100") int size) {
    if (page < 0 || size < 1 || size > 1000) {
      throw ApiProblem.badRequest("page must be >= 0 and size between 1 and 1000");
    }
    List<String> where = new ArrayList<>();
    Parameters params = new Parameters();
    if (mac != null && !mac.isBlank()) {
      where.add("mac = :mac");
      params.and("mac", Fields.mac(mac).colon());
    }
    if (since != null && !since.isBlank()) {
      where.add("at >= :since");
      params.and("since", HostResource.Times.parse("since", since));
    }
    if (until != null && !until.isBlank()) {
      where.add("at < :until");
      params.and("until", HostResource.Times.parse("until", until));
    }
    if (protocol != null && !protocol.isBlank()) {
      try {
        params.and(
            "protocol",
            BootEvent.Protocol.valueOf(protocol.trim().toUpperCase(Locale.ROOT)).name());
      } catch (IllegalArgumentException e) {
        throw ApiProblem.badRequest(
            "protocol '"
                + Fields.line("protocol", protocol, 16)
                + "' is not one of dhcp, tftp, http, nbd, api");
      }
      where.add("protocol = :protocol");
    }
    String q = where.isEmpty() ? "" : String.join(" and ", where);
    PanacheQuery<BootEventEntity> query =
        BootEventEntity.find(q, Sort.descending("at").and("id", Sort.Direction.Descending), params);
    long total = query.count();
    List<EventDto> items =
        query.page(io.quarkus.panache.common.Page.of(page, size)).list().stream()
            .map(EventDto::of)
            .toList();
    return new Page<>(items, page, size, total);
  }
}
