package dev.bootkeeper.api;

import dev.bootkeeper.boot.BootService;
import dev.bootkeeper.boot.ConfigFormat;
import dev.bootkeeper.boot.MacAddress;
import dev.bootkeeper.inventory.Fields;
import dev.bootkeeper.inventory.HostData;
import dev.bootkeeper.inventory.HostFilter;
import dev.bootkeeper.inventory.HostService;
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
import java.util.List;

@Path("/api/v1/hosts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class HostResource {

  static final int MAX_PAGE_SIZE = 500;

  private final BootService boot;
  private final HostService hosts;

  public HostResource(BootService boot, HostService hosts) {
    this.boot = boot;
    this.hosts = hosts;
  }

  /**
   * Lists hosts, by MAC. Filters combine: {@code profile}, {@code label} (key=value, repeatable),
   * {@code q} (MAC, hostname or IP contains), {@code discovered}, {@code seenSince}.
   */
  @GET
  public Page<HostData> list(
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
    OffsetDateTime since =
        seenSince == null || seenSince.isBlank() ? null : Times.parse("seenSince", seenSince);
    HostService.Found found =
        hosts.search(new HostFilter(profile, labels, q, discovered, since), page, size);
    return new Page<>(found.items(), page, size, found.total());
  }

  @GET
  @Path("/{mac}")
  public HostData get(@PathParam("mac") String mac) {
    return hosts.get(mac);
  }

  /** Creates the host, or replaces its configuration (fields left out are cleared). */
  @PUT
  @Path("/{mac}")
  public Response put(@PathParam("mac") String mac, HostData in) {
    HostService.Saved saved = hosts.put(mac, in);
    return Response.status(saved.created() ? 201 : 200).entity(saved.host()).build();
  }

  @DELETE
  @Path("/{mac}")
  public Response delete(@PathParam("mac") String mac) {
    hosts.delete(mac);
    return Response.noContent().build();
  }

  /** Exactly the bytes this machine would be served now (its one-shot boot is not used up). */
  @GET
  @Path("/{mac}/boot")
  @Produces(MediaType.TEXT_PLAIN)
  public String boot(@PathParam("mac") String mac, @QueryParam("format") String format) {
    MacAddress m = Fields.mac(mac);
    ConfigFormat f =
        ConfigFormat.fromId(format == null ? "" : format)
            .orElseThrow(
                () ->
                    ApiProblem.badRequest(
                        "format must be one of pxelinux, ipxe, grub (got '" + format + "')"));
    return boot.preview(m, f);
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
