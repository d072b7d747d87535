package dev.bootkeeper.api;

import dev.bootkeeper.inventory.HostService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Bulk import of hosts from CSV. The header names the columns: {@code mac} is required; {@code
 * hostname}, {@code profile}, {@code nextBootProfile}, {@code ip}, {@code uuid}, {@code labels}
 * ({@code key=value;key=value}) and {@code notes} are optional. Columns left out keep their current
 * values on existing hosts. All or nothing: one bad line and nothing is written.
 */
@Path("/api/v1/hosts/import")
public class HostImportResource {

  static final int MAX_ROWS = 100_000;
  static final Set<String> COLUMNS =
      Set.of("mac", "hostname", "profile", "nextbootprofile", "ip", "uuid", "labels", "notes");

  public record CsvResult(int created, int updated) {}

  private final HostService hosts;

  public HostImportResource(HostService hosts) {
    this.hosts = hosts;
  }

  @POST
  @Consumes({"text/csv", MediaType.TEXT_PLAIN})
  @Produces(MediaType.APPLICATION_JSON)
  public CsvResult importCsv(String body) {
    HostService.ImportCount count = hosts.importCsv(lines(body));
    return new CsvResult(count.created(), count.updated());
  }

  /** The CSV's data lines, each value under its lower-case column name; blank lines skipped. */
  static List<HostService.CsvLine> lines(String body) {
    List<List<String>> rows = Csv.parse(body == null ? "" : body);
    if (rows.isEmpty()) {
      throw ApiProblem.badRequest("the CSV is empty: it needs a header line with at least 'mac'");
    }
    if (rows.size() - 1 > MAX_ROWS) {
      throw ApiProblem.badRequest("at most " + MAX_ROWS + " hosts per import");
    }
    List<String> header = rows.get(0).stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
    for (String h : header) {
      if (!COLUMNS.contains(h)) {
        throw ApiProblem.badRequest(
            "CSV header: unknown column '"
                + h
                + "' (known: mac, hostname, profile,"
                + " nextBootProfile, ip, uuid, labels, notes)");
      }
    }
    if (!header.contains("mac")) {
      throw ApiProblem.badRequest("CSV header: the column 'mac' is required");
    }
    List<HostService.CsvLine> lines = new ArrayList<>();
    for (int r = 1; r < rows.size(); r++) {
      List<String> row = rows.get(r);
      if (row.size() == 1 && row.get(0).isBlank()) {
        continue;
      }
      if (row.size() != header.size()) {
        throw ApiProblem.badRequest(
            "CSV line "
                + (r + 1)
                + ": has "
                + row.size()
                + " fields, the header has "
                + header.size());
      }
      Map<String, String> values = new LinkedHashMap<>();
      for (int c = 0; c < header.size(); c++) {
        values.put(header.get(c), row.get(c).trim());
      }
      lines.add(new HostService.CsvLine(r + 1, values));
    }
    return lines;
  }
}
