package dev.bootkeeper.dashboard;

import dev.bootkeeper.dashboard.auth.CsrfChecked;
import dev.bootkeeper.dashboard.auth.DashboardPage;
import dev.bootkeeper.dhcp.DhcpControl;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;

/** DHCP leases, while Bootkeeper hands out addresses (full mode). */
@Path("/leases")
@DashboardPage
@CsrfChecked
@Blocking
public class LeasesResource {

  static final int PAGE_SIZE = 100;

  private final Template leases;
  private final Ui ui;
  private final DhcpLeases view;
  private final DhcpControl dhcp;

  public LeasesResource(
      @Location("leases.html") Template leases, Ui ui, DhcpLeases view, DhcpControl dhcp) {
    this.leases = leases;
    this.ui = ui;
    this.view = view;
    this.dhcp = dhcp;
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  @Transactional
  public TemplateInstance list(
      @QueryParam("q") String q, @QueryParam("page") @DefaultValue("0") int page) {
    String search = q == null ? "" : q.trim();
    TemplateInstance t =
        ui.page(leases, "leases")
            .data("mode", dhcp.mode().name().toLowerCase(Locale.ROOT))
            .data("source", dhcp.sourceName())
            .data("q", search);
    if (!view.serving()) {
      return t.data("available", false)
          .data("rows", List.of())
          .data("total", 0L)
          .data("page", 0)
          .data("pages", 1)
          .data("prev", null)
          .data("next", null);
    }
    long total = view.count(search);
    int pages = (int) Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
    int current = Math.max(0, Math.min(page, pages - 1));
    String qs =
        search.isEmpty()
            ? ""
            : "&q=" + java.net.URLEncoder.encode(search, java.nio.charset.StandardCharsets.UTF_8);
    return t.data("available", true)
        .data("rows", view.leases(search, current, PAGE_SIZE))
        .data("total", total)
        .data("page", current)
        .data("pages", pages)
        .data("prev", current > 0 ? "?page=" + (current - 1) + qs : null)
        .data("next", current < pages - 1 ? "?page=" + (current + 1) + qs : null);
  }
}
