package dev.bootkeeper.api;

import dev.bootkeeper.boot.MacAddress;
import dev.bootkeeper.store.Host;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.HashSet;
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

  @POST
  @Consumes({"text/csv", MediaType.TEXT_PLAIN})
  @Produces(MediaType.APPLICATION_JSON)
  @Transactional
  public CsvResult importCsv(String body) {
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
    int created = 0;
    int updated = 0;
    Set<String> seen = new HashSet<>();
    for (int r = 1; r < rows.size(); r++) {
      List<String> row = rows.get(r);
      if (row.size() == 1 && row.get(0).isBlank()) {
        continue;
      }
      try {
        if (row.size() != header.size()) {
          throw ApiProblem.badRequest(
              "has " + row.size() + " fields, the header has " + header.size());
        }
        Map<String, String> v = new LinkedHashMap<>();
        for (int c = 0; c < header.size(); c++) {
          v.put(header.get(c), row.get(c).trim());
        }
        MacAddress mac = HostMapper.mac(v.get("mac"));
        if (!seen.add(mac.colon())) {
          throw ApiProblem.badRequest("MAC " + mac.colon() + " appears twice");
        }
        Host h = Host.byMac(mac.colon()).orElse(null);
        boolean isNew = h == null;
        HostDto base = isNew ? null : HostMapper.toDto(h);
        HostDto dto =
            new HostDto(
                mac.colon(),
                pick(v, "hostname", base == null ? null : base.hostname()),
                pick(v, "profile", base == null ? null : base.profile()),
                pick(v, "nextbootprofile", base == null ? null : base.nextBootProfile()),
                pick(v, "uuid", base == null ? null : base.uuid()),
                pick(v, "ip", base == null ? null : base.ip()),
                v.containsKey("labels")
                    ? labels(v.get("labels"))
                    : base == null ? null : base.labels(),
                pick(v, "notes", base == null ? null : base.notes()),
                null,
                null,
                null);
        if (isNew) {
          h = new Host();
          h.mac = mac.colon();
        }
        HostMapper.apply(dto, h);
        if (isNew) {
          h.persist();
          created++;
        } else {
          updated++;
        }
        Host.flush();
      } catch (ApiProblem e) {
        throw new ApiProblem(e.status(), "CSV line " + (r + 1) + ": " + e.getMessage());
      }
    }
    return new CsvResult(created, updated);
  }

  private static String pick(Map<String, String> v, String column, String current) {
    return v.containsKey(column) ? v.get(column) : current;
  }

  private static Map<String, String> labels(String text) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (text.isBlank()) {
      return labels;
    }
    for (String pair : text.split(";")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw ApiProblem.badRequest(
            "label '" + pair + "' must be key=value (pairs separated by ';')");
      }
      labels.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return labels;
  }
}
