package dev.bootkeeper.dashboard;

import dev.bootkeeper.boot.BootEventRows;
import dev.bootkeeper.boot.BootService;
import dev.bootkeeper.boot.ServerIdentity;
import dev.bootkeeper.dashboard.auth.CsrfChecked;
import dev.bootkeeper.dashboard.auth.DashboardPage;
import dev.bootkeeper.inventory.ProfileFiles;
import dev.bootkeeper.ops.FleetNodes;
import dev.bootkeeper.store.BootEventEntity;
import dev.bootkeeper.store.Host;
import dev.bootkeeper.store.Image;
import dev.bootkeeper.store.Profile;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

@TemplateData(target = ProfileFiles.ProfileWithMissing.class)
@TemplateData(target = ProfileFiles.Missing.class)
/** The overview: which services run, how many machines and what happened in the last hour. */
@Path("/")
@DashboardPage
@CsrfChecked
@Blocking
public class OverviewResource {

  private final Template overview;
  private final Ui ui;
  private final Services services;
  private final LoaderTable loaders;
  private final ServerIdentity server;
  private final BootService boot;
  private final ProfileFiles files;
  private final FleetNodes fleet;

  public OverviewResource(
      @Location("overview.html") Template overview,
      Ui ui,
      Services services,
      LoaderTable loaders,
      ServerIdentity server,
      BootService boot,
      ProfileFiles files,
      FleetNodes fleet) {
    this.files = files;
    this.fleet = fleet;
    this.overview = overview;
    this.ui = ui;
    this.services = services;
    this.loaders = loaders;
    this.server = server;
    this.boot = boot;
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  @Transactional
  public TemplateInstance get() {
    OffsetDateTime hourAgo = OffsetDateTime.now().minusHours(1);
    long machinesLastHour =
        BootEventEntity.find(
                "select count(distinct e.mac) from BootEventEntity e where e.at >= ?1", hourAgo)
            .project(Long.class)
            .firstResult();
    long eventsLastHour = BootEventEntity.count("at >= ?1", hourAgo);
    long failedLastHour =
        BootEventEntity.count(
            "at >= ?1 and outcome = ?2",
            hourAgo,
            dev.bootkeeper.boot.BootEvent.Outcome.FAILED.name());
    List<EventRow> recent =
        BootEventEntity.<BootEventEntity>findAll(
                Sort.descending("at").and("id", Sort.Direction.Descending))
            .page(Page.ofSize(8))
            .list()
            .stream()
            .map(e -> EventRow.of(BootEventRows.toEvent(e)))
            .toList();
    Instant now = Instant.now();
    FleetNodes.Fleet nodes = fleet.since(hourAgo.toInstant());
    List<NodeRow> nodeRows = nodes.nodes().stream().map(n -> NodeRow.of(n, now)).toList();
    List<String> warnings = new ArrayList<>(services.warnings());
    for (NodeRow n : nodeRows) {
      if (n.silent() && !n.self()) {
        warnings.add(
            "Node "
                + n.name()
                + " has not been heard from since "
                + n.heard()
                + ": it is stopped or cannot reach the database.");
      }
    }
    List<String> missing = loaders.missing();
    if (!missing.isEmpty()) {
      warnings.add(
          "Boot loaders missing from the images directory: "
              + String.join(", ", missing)
              + ". Machines whose firmware needs them cannot boot (see Images).");
    }
    return ui.page(overview, "overview")
        .data("services", services.rows())
        .data("warnings", warnings)
        .data("hosts", Host.count())
        .data("discovered", Host.count("discovered", true))
        .data("profiles", Profile.count())
        .data("images", Image.count())
        .data("machinesLastHour", machinesLastHour)
        .data("eventsLastHour", eventsLastHour)
        .data("failedLastHour", failedLastHour)
        .data("anyFailed", failedLastHour > 0)
        .data("recent", recent)
        .data("nodes", nodeRows)
        .data("fleetSteps", nodes.steps())
        .data("fleetFailed", nodes.failed())
        .data("fleetMachines", nodes.machines())
        .data("server", server.address().getHostAddress())
        .data("httpBase", server.httpBase())
        .data("defaultProfile", boot.defaultProfile().name())
        .data("imagesDir", boot.imageRoot().root().toString())
        .data("missingFiles", files.profilesWithMissingFiles());
  }
}
