package dev.bootkeeper.api;

import dev.bootkeeper.inventory.HostCsv;
import dev.bootkeeper.inventory.HostService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Bulk import of hosts from CSV (the columns are those of {@link HostCsv}). All or nothing: one bad
 * line and nothing is written.
 */
@Path("/api/v1/hosts/import")
public class HostImportResource {

  public record CsvResult(int created, int updated) {}

  private final HostService hosts;

  public HostImportResource(HostService hosts) {
    this.hosts = hosts;
  }

  @POST
  @Consumes({"text/csv", MediaType.TEXT_PLAIN})
  @Produces(MediaType.APPLICATION_JSON)
  public CsvResult importCsv(String body) {
    HostService.ImportCount count = hosts.importCsv(HostCsv.lines(body));
    return new CsvResult(count.created(), count.updated());
  }
}
