package dev.bootkeeper.dashboard;

import dev.bootkeeper.dashboard.auth.CurrentUser;
import dev.bootkeeper.dashboard.auth.DashboardPage;
import dev.bootkeeper.inventory.AuditFilter;
import dev.bootkeeper.inventory.AuditLog;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The audit log page, for admins only: it shows who changed what from which address, and the user
 * names typed at the login form (people sometimes type a password there). Viewers see everything
 * else the dashboard shows.
 */
@Path("/audit")
@DashboardPage
@Blocking
public class AuditPageResource {

  static final int PAGE_SIZE = 100;

  /** The kinds of things the filter offers, in the order people look for them. */
  static final List<String> ENTITIES =
      List.of(
          AuditLog.HOST,
          AuditLog.PROFILE,
          AuditLog.SETTINGS,
          AuditLog.DHCP,
          AuditLog.IMAGE,
          AuditLog.TOKEN,
          AuditLog.USER,
          AuditLog.SESSION);

  @TemplateData
  public record Row(
      String time,
      String actor,
      String actorKind,
      String address,
      String action,
      String entity,
      String entityId,
      String summary) {
    static Row of(AuditLog.Entry e) {
      return new Row(
          Times.full(e.at()),
          e.actor(),
          e.actorKind(),
          e.address(),
          e.action(),
          e.entity(),
          e.entityId(),
          e.summary());
    }
  }

  private final Template audit;
  private final Ui ui;
  private final AuditLog log;
  private final CurrentUser current;
  private final ErrorPages errors;

  public AuditPageResource(
      @Location("audit.html") Template audit,
      Ui ui,
      AuditLog log,
      CurrentUser current,
      ErrorPages errors) {
    this.audit = audit;
    this.ui = ui;
    this.log = log;
    this.current = current;
    this.errors = errors;
  }

  /**
   * @param from first day shown (UTC, yyyy-mm-dd)
   * @param to last day shown (UTC, yyyy-mm-dd), included
   */
  @GET
  @Produces(MediaType.TEXT_HTML)
  public Response page(
      @QueryParam("actor") String actor,
      @QueryParam("entity") String entity,
      @QueryParam("id") String id,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("page") @DefaultValue("0") int page) {
    if (!current.get().admin()) {
      return errors.page(
          403,
          "Only an admin can read the audit log",
          "The audit log names people, their addresses and the user names tried at the login"
              + " form, so it is shown to admins only.");
    }
    OffsetDateTime since = day(from);
    OffsetDateTime lastDay = day(to);
    String badDate =
        since == null && !blank(from) || lastDay == null && !blank(to)
            ? "Dates are yyyy-mm-dd."
            : null;
    int p = Math.max(0, page);
    AuditFilter filter =
        new AuditFilter(actor, entity, id, since, lastDay == null ? null : lastDay.plusDays(1));
    AuditLog.Found found = log.search(filter, p, PAGE_SIZE);
    String query = query(actor, entity, id, from, to);
    String html =
        ui.page(audit, "audit")
            .data("rows", found.items().stream().map(Row::of).toList())
            .data("total", found.total())
            .data("actor", text(actor))
            .data("entity", text(entity))
            .data("id", text(id))
            .data("from", text(from))
            .data("to", text(to))
            .data("entities", ENTITIES)
            .data("badDate", badDate)
            .data("previous", p > 0 ? "/audit?" + query + "page=" + (p - 1) : null)
            .data(
                "next",
                (long) (p + 1) * PAGE_SIZE < found.total()
                    ? "/audit?" + query + "page=" + (p + 1)
                    : null)
            .render();
    return Response.ok(html, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build();
  }

  private static String query(String... values) {
    String[] names = {"actor", "entity", "id", "from", "to"};
    StringBuilder q = new StringBuilder();
    for (int i = 0; i < names.length; i++) {
      if (!blank(values[i])) {
        q.append(names[i])
            .append('=')
            .append(URLEncoder.encode(values[i].trim(), StandardCharsets.UTF_8))
            .append('&');
      }
    }
    return q.toString();
  }

  private static OffsetDateTime day(String text) {
    if (blank(text)) {
      return null;
    }
    try {
      return LocalDate.parse(text.trim()).atStartOfDay().atOffset(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String text(String s) {
    return s == null ? "" : s.trim();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
