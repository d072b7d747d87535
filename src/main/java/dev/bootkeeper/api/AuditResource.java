package dev.bootkeeper.api;

import dev.bootkeeper.inventory.AuditFilter;
import dev.bootkeeper.inventory.AuditLog;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;

/**
 * The audit log, newest first: who changed what through the API or the dashboard, from where and
 * when, and every login. Always needs a token (read-only is enough), even when other reads are
 * open: it names people, their addresses and the user names tried at the login form.
 */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

  private final AuditLog audit;

  public AuditResource(AuditLog audit) {
    this.audit = audit;
  }

  /**
   * @param actor a user or token name
   * @param entity host, profile, token, user, settings, dhcp, image or session
   * @param id one host's MAC, one profile's name …
   */
  @GET
  public Page<AuditLog.Entry> list(
      @QueryParam("actor") String actor,
      @QueryParam("entity") String entity,
      @QueryParam("id") String id,
      @QueryParam("since") String since,
      @QueryParam("until") String until,
      @QueryParam("page") @DefaultValue("0") int page,
      @QueryParam("size") @DefaultValue("100") int size) {
    if (page < 0 || size < 1 || size > 1000) {
      throw ApiProblem.badRequest("page must be >= 0 and size between 1 and 1000");
    }
    AuditFilter filter =
        new AuditFilter(actor, entity, id, time("since", since), time("until", until));
    AuditLog.Found found = audit.search(filter, page, size);
    return new Page<>(found.items(), page, size, found.total());
  }

  private static OffsetDateTime time(String field, String text) {
    return text == null || text.isBlank() ? null : HostResource.Times.parse(field, text);
  }
}
