package dev.bootkeeper.dashboard;

import dev.bootkeeper.inventory.HostData;
import io.quarkus.qute.TemplateData;
import jakarta.ws.rs.FormParam;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The fields of a host as a person types them (adding one, or editing it on its page), turned into
 * a {@link HostData} so that the inventory's own checks and messages apply. What was typed is kept
 * as typed, so a refused form comes back as it was sent.
 */
@TemplateData
public class HostForm {

  @FormParam("mac")
  public String mac = "";

  @FormParam("hostname")
  public String hostname = "";

  /** {@code key=value}, one per line (commas and semicolons also separate pairs). */
  @FormParam("labels")
  public String labels = "";

  @FormParam("profile")
  public String profile = "";

  @FormParam("ip")
  public String ip = "";

  @FormParam("uuid")
  public String uuid = "";

  @FormParam("notes")
  public String notes = "";

  public static HostForm of(HostData h) {
    HostForm f = new HostForm();
    f.mac = nz(h.mac());
    f.hostname = nz(h.hostname());
    f.labels = labelText(h.labels());
    f.profile = nz(h.profile());
    f.ip = nz(h.ip());
    f.uuid = nz(h.uuid());
    f.notes = nz(h.notes());
    return f;
  }

  public HostData toData() {
    return new HostData(
        nz(mac).trim(),
        nz(hostname).trim(),
        nz(profile).trim(),
        null,
        nz(uuid).trim(),
        nz(ip).trim(),
        labels(labels),
        nz(notes).isBlank() ? null : notes,
        null,
        null,
        null,
        null);
  }

  /** Labels as typed: {@code rack=a1} pairs separated by new lines, commas or semicolons. */
  static Map<String, String> labels(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : nz(text).split("[\\n,;]")) {
      String p = pair.trim();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      if (eq <= 0) {
        throw DashboardException.badRequest(
            "Label '" + p + "' must be key=value, such as rack=a1.");
      }
      out.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
    }
    return out;
  }

  static String labelText(Map<String, String> labels) {
    return labels == null
        ? ""
        : labels.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("\n"));
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
