package dev.bootkeeper.dashboard;

import dev.bootkeeper.dashboard.auth.CsrfChecked;
import dev.bootkeeper.dashboard.auth.DashboardPage;
import dev.bootkeeper.store.Setting;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** DHCP leases, when a DHCP server that hands out addresses provides a {@link LeaseView}. */
@Path("/leases")
@DashboardPage
@CsrfChecked
@Blocking
public class LeasesResource {

  static final int PAGE_SIZE = 100;

  private final Template leases;
  private final Ui ui;
  private final Instance<LeaseView> views;

  public LeasesResource(
      @Location("leases.html") Template leases, Ui ui, Instance<LeaseView> views) {
    this.leases = leases;
    this.ui = ui;
    this.views = views;
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  @Transactional
  public TemplateInstance list(
      @QueryParam("q") String q, @QueryParam("page") @DefaultValue("0") int page) {
    String search = q == null ? "" : q.trim();
    String mode = Services.configuredDhcpMode();
    TemplateInstance t =
        ui.page(leases, "leases")
            .data("mode", mode)
            .data("requested", Setting.get(SettingsResource.DHCP_MODE).orElse(null))
            .data("q", search);
    if (!views.isResolvable() || !views.get().serving()) {
      return t.data("available", false)
          .data("rows", List.of())
          .data("total", 0L)
          .data("page", 0)
          .data("pages", 1)
          .data("prev", null)
          .data("next", null);
    }
    LeaseView view = views.get();
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
