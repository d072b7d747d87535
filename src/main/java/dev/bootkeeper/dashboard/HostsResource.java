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
import io.quarkus.panache.common.Page;
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
import java.util.LinkedHashMap;
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
      @QueryParam("label") List<String> labels,
      @QueryParam("profile") String profile,
      @QueryParam("seen") String seen,
      @QueryParam("sort") String sort,
      @QueryParam("page") @DefaultValue("0") int page) {
    HostQuery query = HostQuery.of(q, labels, profile, seen, sort);
    Function<Host, BootDecision> planner = boot.plannerForLists();
    HostListing listing = HostListing.of(query, page, planner);
    List<HostRow> discovered =
        Host.<Host>find("discovered = true", Sort.descending("lastSeen").and("mac"))
            .page(Page.ofSize(10))
            .list()
            .stream()
            .map(h -> HostRow.of(h, planner.apply(h)))
            .toList();
    Map<String, String> sortLinks = new LinkedHashMap<>();
    Map<String, String> sortMarks = new LinkedHashMap<>();
    for (String column : HostSort.COLUMNS.keySet()) {
      sortLinks.put(column, "/hosts" + query.link(0, query.sort().clicked(column)));
      sortMarks.put(
          column,
          !column.equals(query.sort().column()) ? "" : query.sort().descending() ? "↓" : "↑");
    }
    int current = listing.page();
    return ui.page(hosts, "hosts")
        .data("rows", listing.rows())
        .data("total", listing.total())
        .data("page", current)
        .data("pages", listing.pages())
        .data("first", listing.first())
        .data("last", listing.last())
        .data("prev", current > 0 ? query.link(current - 1) : null)
        .data("next", current < listing.pages() - 1 ? query.link(current + 1) : null)
        .data("self", "/hosts" + query.link(current))
        .data("q", query.q())
        .data("labels", query.labels())
        .data("labelText", query.labelText())
        .data("profile", query.profile())
        .data("seen", query.seen())
        .data("sort", query.sort().param())
        .data("filtered", !query.unfiltered())
        .data("sortLinks", sortLinks)
        .data("sortMarks", sortMarks)
        .data("seenChoices", HostQuery.SEEN)
        .data("profiles", profiles.names())
        .data("discovered", discovered)
        .data("discoveredTotal", Host.count("discovered", true));
  }

  /**
   * One change for several hosts: assign a profile, set a one-shot next boot, or clear it. The
   * hosts are the ticked rows, or with {@code scope=matching} every host the list's filter matches
   * (on every page, read again now). {@code expected} is the count the page confirmed with the
   * user: when the hosts to change are not that many any more (a host was added or changed
   * meanwhile), nothing changes and the page says so.
   */
  @POST
  @Path("/bulk")
  @Transactional
  public Response bulk(
      @FormParam("mac") List<String> macs,
      @FormParam("scope") String scope,
      @FormParam("matchQ") String matchQ,
      @FormParam("matchLabel") List<String> matchLabels,
      @FormParam("matchProfile") String matchProfile,
      @FormParam("matchSeen") String matchSeen,
      @FormParam("expected") Integer expected,
      @FormParam("action") String action,
      @FormParam("profile") String profileName,
      @FormParam("back") String back) {
    String to = back != null && back.startsWith("/hosts") ? LoginResource.safeNext(back) : "/hosts";
    Set<String> selected = new LinkedHashSet<>();
    if ("matching".equals(scope)) {
      HostQuery filter = HostQuery.of(matchQ, matchLabels, matchProfile, matchSeen, null);
      HostListing.all(filter, boot.plannerForLists()).forEach(r -> selected.add(r.mac()));
      if (selected.isEmpty()) {
        return Ui.redirect(to, "No host matches the filter any more: nothing was changed.");
      }
    } else {
      for (String m : macs == null ? List.<String>of() : macs) {
        selected.add(mac(m).colon());
      }
      if (selected.isEmpty()) {
        return Ui.redirect(to, "Select at least one host first.");
      }
    }
    if (selected.size() > MAX_BULK) {
      throw DashboardException.badRequest("At most " + MAX_BULK + " hosts at once.");
    }
    if (expected != null && expected != selected.size()) {
      return Ui.redirect(
          to,
          "Nothing was changed: you confirmed "
              + hosts(expected)
              + ", but the filter now matches "
              + hosts(selected.size())
              + ". Check the list and apply again.");
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
    return Ui.redirect(to, hosts(n) + " " + what + ".");
  }

  private static String hosts(int n) {
    return n + (n == 1 ? " host" : " hosts");
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
