package dev.bootkeeper.api;

import dev.bootkeeper.boot.BootService;
import dev.bootkeeper.boot.ConfigFormat;
import dev.bootkeeper.boot.MacAddress;
import dev.bootkeeper.store.Host;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

@Path("/api/v1/hosts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class HostResource {

  static final int MAX_PAGE_SIZE = 500;

  private final BootService boot;

  public HostResource(BootService boot) {
    this.boot = boot;
  }

  /**
   * Lists hosts, newest change last. Filters combine: {@code profile}, {@code label} (key=value,
   * repeatable), {@code q} (MAC, hostname or IP contains), {@code discovered}, {@code seenSince}.
   */
  @GET
  public Page<HostDto> list(
      @QueryParam("profile") String profile,
      @QueryParam("label") List<String> labels,
      @QueryParam("q") String q,
      @QueryParam("discovered") Boolean discovered,
      @QueryParam("seenSince") String seenSince,
      @QueryParam("page") @DefaultValue("0") int page,
      @QueryParam("size") @DefaultValue("50") int size) {
    if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
      throw ApiProblem.badRequest("page must be >= 0 and size between 1 and " + MAX_PAGE_SIZE);
    }
    List<String> where = new ArrayList<>();
    Parameters params = new Parameters();
    if (profile != null && !profile.isBlank()) {
      where.add("h.profile.name = :profile");
      params.and("profile", profile);
    }
    if (q != null && !q.isBlank()) {
      where.add("(lower(h.mac) like :q or lower(h.hostname) like :q or h.ip like :q)");
      params.and("q", "%" + q.trim().toLowerCase(Locale.ROOT) + "%");
    }
    if (discovered != null) {
      where.add("h.discovered = :discovered");
      params.and("discovered", discovered);
    }
    if (seenSince != null && !seenSince.isBlank()) {
      where.add("h.lastSeen >= :seenSince");
      params.and("seenSince", Times.parse("seenSince", seenSince));
    }
    int i = 0;
    for (String label : labels == null ? List.<String>of() : labels) {
      int eq = label.indexOf('=');
      if (eq <= 0) {
        throw ApiProblem.badRequest("label filter '" + label + "' must be key=value");
      }
      where.add(
          "exists (select 1 from Host x join x.labels l where x = h and key(l) = :lk"
              + i
              + " and l = :lv"
              + i
              + ")");
      params.and("lk" + i, label.substring(0, eq)).and("lv" + i, label.substring(eq + 1));
      i++;
    }
    String jpql = "from Host h" + (where.isEmpty() ? "" : " where " + String.join(" and ", where));
    PanacheQuery<Host> query = Host.find(jpql, Sort.by("mac"), params);
    long total = query.count();
    List<HostDto> items =
        query.page(io.quarkus.panache.common.Page.of(page, size)).list().stream()
            .map(HostMapper::toDto)
            .toList();
    return new Page<>(items, page, size, total);
  }

  @GET
  @Path("/{mac}")
  public HostDto get(@PathParam("mac") String mac) {
    return HostMapper.toDto(find(mac));
  }

  /** Creates the host, or replaces its configuration (fields left out are cleared). */
  @PUT
  @Path("/{mac}")
  @Transactional
  public Response put(@PathParam("mac") String mac, HostDto in) {
    MacAddress m = HostMapper.mac(mac);
    if (in != null && in.mac() != null && !HostMapper.mac(in.mac()).equals(m)) {
      throw ApiProblem.badRequest("the body's mac " + in.mac() + " differs from the path's " + mac);
    }
    Host host = Host.byMac(m.colon()).orElse(null);
    boolean created = host == null;
    if (created) {
      host = new Host();
      host.mac = m.colon();
    }
    HostMapper.apply(in, host);
    if (created) {
      host.persist();
      return Response.status(201).entity(HostMapper.toDto(host)).build();
    }
    return Response.ok(HostMapper.toDto(host)).build();
  }

  @DELETE
  @Path("/{mac}")
  @Transactional
  public Response delete(@PathParam("mac") String mac) {
    find(mac).delete();
    return Response.noContent().build();
  }

  /** Exactly the bytes this machine would be served now (its one-shot boot is not used up). */
  @GET
  @Path("/{mac}/boot")
  @Produces(MediaType.TEXT_PLAIN)
  public String boot(@PathParam("mac") String mac, @QueryParam("format") String format) {
    MacAddress m = HostMapper.mac(mac);
    ConfigFormat f =
        ConfigFormat.fromId(format == null ? "" : format)
            .orElseThrow(
                () ->
                    ApiProblem.badRequest(
                        "format must be one of pxelinux, ipxe, grub (got '" + format + "')"));
    return boot.preview(m, f);
  }

  static Host find(String mac) {
    MacAddress m = HostMapper.mac(mac);
    return Host.byMac(m.colon())
        .orElseThrow(() -> ApiProblem.notFound("no host with MAC " + m.colon()));
  }

  /** Parses timestamps given to filters. */
  static final class Times {
    private Times() {}

    static OffsetDateTime parse(String field, String text) {
      try {
        return OffsetDateTime.parse(text.trim());
      } catch (java.time.format.DateTimeParseException e) {
        throw ApiProblem.badRequest(
            field + " '" + text + "' is not an ISO-8601 time such as 2026-11-22T10:00:00Z");
      }
    }
  }
}
