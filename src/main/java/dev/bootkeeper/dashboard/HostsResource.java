package dev.bootkeeper.dashboard;

import dev.bootkeeper.boot.BootDecision;
import dev.bootkeeper.boot.BootService;
import dev.bootkeeper.boot.MacAddress;
import dev.bootkeeper.dashboard.auth.CsrfChecked;
import dev.bootkeeper.dashboard.auth.DashboardGuard;
import dev.bootkeeper.dashboard.auth.DashboardPage;
import dev.bootkeeper.inventory.Fields;
import dev.bootkeeper.inventory.HostData;
import dev.bootkeeper.inventory.HostService;
import dev.bootkeeper.inventory.InventoryException;
import dev.bootkeeper.inventory.ProfileService;
import dev.bootkeeper.store.Host;
import dev.bootkeeper.store.Profile;
import dev.bootkeeper.wol.HostWaker;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The host list: search, filters, paging, bulk changes, adopting discovered machines, wake-up. */
@Path("/hosts")
@DashboardPage
@CsrfChecked
@Blocking
public class HostsResource {

  static final int PAGE_SIZE = 50;
  static final int MAX_BULK = 5000;

  private final Template hosts;
  private final Ui ui;
  private final HostWaker waker;
  private final HostService inventory;
  private final ProfileService profiles;
  private final ErrorPages errors;
  private final BootService boot;

  public HostsResource(
      @Location("hosts.html") Template hosts,
      Ui ui,
      HostWaker waker,
      HostService inventory,
      ProfileService profiles,
      ErrorPages errors,
      BootService boot) {
    this.hosts = hosts;
    this.ui = ui;
    this.waker = waker;
    this.inventory = inventory;
    this.profiles = profiles;
    this.errors = errors;
    this.boot = boot;
  }

  @ServerExceptionMapper
  public Response refused(InventoryException e) {
    return errors.page(DashboardException.of(e));
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  @Transactional
  public TemplateInstance list(
      @QueryParam("q") String q,
      @QueryParam("label") String label,
      @QueryParam("profile") String profile,
      @QueryParam("seen") String seen,
      @QueryParam("page") @DefaultValue("0") int page) {
    HostQuery query = new HostQuery(q, label, profile, seen);
    Parameters params = new Parameters();
    String where = query.where(params);
    PanacheQuery<Host> found = Host.find("from Host h" + where, Sort.by("h.mac"), params);
    Function<Host, BootDecision> planner = boot.plannerForLists();
    long total;
    int pages;
    int current;
    List<HostRow> rows;
    if (query.profile().isEmpty()) {
      total = found.count();
      pages = (int) Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
      current = Math.max(0, Math.min(page, pages - 1));
      rows =
          found.page(Page.of(current, PAGE_SIZE)).list().stream()
              .map(h -> HostRow.of(h, planner.apply(h)))
              .toList();
    } else {
      List<HostRow> matching =
          found.list().stream()
              .map(h -> Map.entry(h, planner.apply(h)))
              .filter(e -> query.matchesProfile(e.getValue()))
              .map(e -> HostRow.of(e.getKey(), e.getValue()))
              .toList();
      total = matching.size();
      pages = (int) Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
      current = Math.max(0, Math.min(page, pages - 1));
      rows =
          matching.subList(
              current * PAGE_SIZE, (int) Math.min(total, (long) (current + 1) * PAGE_SIZE));
    }
    List<HostRow> discovered =
        Host.<Host>find("discovered = true", Sort.descending("lastSeen").and("mac"))
            .page(Page.ofSize(10))
            .list()
            .stream()
            .map(h -> HostRow.of(h, planner.apply(h)))
            .toList();
    return ui.page(hosts, "hosts")
        .data("rows", rows)
        .data("total", total)
        .data("page", current)
        .data("pages", pages)
        .data("first", total == 0 ? 0 : current * PAGE_SIZE + 1)
        .data("last", current * PAGE_SIZE + rows.size())
        .data("prev", current > 0 ? query.link(current - 1) : null)
        .data("next", current < pages - 1 ? query.link(current + 1) : null)
        .data("self", "/hosts" + query.link(current))
        .data("q", query.q())
        .data("label", query.label())
        .data("profile", query.profile())
        .data("seen", query.seen())
        .data("seenChoices", HostQuery.SEEN)
        .data("profiles", profiles.names())
        .data("discovered", discovered)
        .data("discoveredTotal", Host.count("discovered", true));
  }

  /**
   * One change for every selected host: assign a profile, set a one-shot next boot, or clear it.
   */
  @POST
  @Path("/bulk")
  public Response bulk(
      @FormParam("mac") List<String> macs,
      @FormParam("action") String action,
      @FormParam("profile") String profileName,
      @FormParam("back") String back) {
    Set<String> selected = new LinkedHashSet<>();
    for (String m : macs == null ? List.<String>of() : macs) {
      selected.add(mac(m).colon());
    }
    String to = back != null && back.startsWith("/hosts") ? LoginResource.safeNext(back) : "/hosts";
    if (selected.isEmpty()) {
      return Ui.redirect(to, "Select at least one host first.");
    }
    if (selected.size() > MAX_BULK) {
      throw DashboardException.badRequest("At most " + MAX_BULK + " hosts at once.");
    }
    int n;
    String what;
    switch (action == null ? "" : action) {
      case "profile" -> {
        n = inventory.bootProfile(selected, profileName);
        what = "now boot profile '" + profileName.trim() + "'";
      }
      case "next-boot" -> {
        n = inventory.bootOnce(selected, profileName);
        what = "boot profile '" + profileName.trim() + "' once, at their next boot";
      }
      case "clear-next-boot" -> {
        n = inventory.clearNextBoot(selected);
        what = "have no one-shot next boot any more";
      }
      default -> throw DashboardException.badRequest("Choose what to do with the selected hosts.");
    }
    return Ui.redirect(to, n + (n == 1 ? " host" : " hosts") + " " + what + ".");
  }

  /** Assigns the profile and one-shot next boot of one host (from its page). */
  @POST
  @Path("/{mac}/assign")
  public Response assign(
      @PathParam("mac") String mac,
      @FormParam("profile") String profileName,
      @FormParam("nextBoot") String nextBoot) {
    HostData h = inventory.assign(mac, profileName, nextBoot);
    return Ui.redirect("/hosts/" + h.mac(), "Saved.");
  }

  /** Replaces one host's own DHCP options (from its page), one per line. */
  @POST
  @Path("/{mac}/dhcp-options")
  public Response dhcpOptions(@PathParam("mac") String mac, @FormParam("options") String options) {
    HostData h = inventory.setDhcpOptions(mac, OptionLines.options(options));
    return Ui.redirect("/hosts/" + h.mac(), "Saved the DHCP options.");
  }

  @POST
  @Path("/{mac}/wake")
  public Response wake(
      @PathParam("mac") String mac,
      @HeaderParam("HX-Request") String htmx,
      @FormParam(DashboardGuard.CSRF_FIELD) String csrf) {
    MacAddress m = mac(mac);
    List<String> sent;
    try {
      sent = waker.wake(m, ui.username());
    } catch (RuntimeException e) {
      throw new DashboardException(502, "Wake-on-LAN failed", e.getMessage());
    }
    String message = "Magic packet sent to " + String.join(", ", sent) + ".";
    if (htmx != null) {
      return Response.ok("<span class=\"pill ok\">sent</span>", MediaType.TEXT_HTML).build();
    }
    return Ui.redirect("/hosts/" + m.colon(), message);
  }

  static MacAddress mac(String text) {
    try {
      return Fields.mac(text);
    } catch (InventoryException e) {
      throw DashboardException.of(e);
    }
  }

  /**
   * The profile chosen on the settings page, which renders only the dashboard's own errors; runs in
   * the caller's transaction.
   */
  static Profile profile(String name) {
    try {
      return HostService.referenced(name);
    } catch (InventoryException e) {
      throw DashboardException.of(e);
    }
  }

  /** The profile choices of the settings page, which reads them in its own transaction. */
  static List<String> profileNames() {
    return Profile.getEntityManager()
        .createQuery("select p.name from Profile p order by p.name", String.class)
        .getResultList();
  }
}
