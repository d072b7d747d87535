package dev.bootkeeper.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A host list as CSV, read the same way by the API and the dashboard. The header names the columns:
 * {@code mac} is required; {@code hostname}, {@code profile}, {@code nextBootProfile}, {@code ip},
 * {@code uuid}, {@code labels} ({@code key=value;key=value}) and {@code notes} are optional.
 * Columns left out keep their current values on existing hosts.
 */
public final class HostCsv {

  public static final int MAX_ROWS = 100_000;
  static final Set<String> COLUMNS =
      Set.of("mac", "hostname", "profile", "nextbootprofile", "ip", "uuid", "labels", "notes");

  private HostCsv() {}

  /** The CSV's data lines, each value under its lower-case column name; blank lines skipped. */
  public static List<HostService.CsvLine> lines(String body) {
    List<List<String>> rows = Csv.parse(body == null ? "" : body);
    if (rows.isEmpty()) {
      throw InventoryException.invalid(
          "the CSV is empty: it needs a header line with at least 'mac'");
    }
    if (rows.size() - 1 > MAX_ROWS) {
      throw InventoryException.invalid("at most " + MAX_ROWS + " hosts per import");
    }
    List<String> header = rows.get(0).stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
    for (String h : header) {
      if (!COLUMNS.contains(h)) {
        throw InventoryException.invalid(
            "CSV header: unknown column '"
                + h
                + "' (known: mac, hostname, profile,"
                + " nextBootProfile, ip, uuid, labels, notes)");
      }
    }
    if (!header.contains("mac")) {
      throw InventoryException.invalid("CSV header: the column 'mac' is required");
    }
    List<HostService.CsvLine> lines = new ArrayList<>();
    for (int r = 1; r < rows.size(); r++) {
      List<String> row = rows.get(r);
      if (row.size() == 1 && row.get(0).isBlank()) {
        continue;
      }
      if (row.size() != header.size()) {
        throw InventoryException.invalid(
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
