package dev.bootkeeper.dashboard;

import dev.bootkeeper.inventory.ProfileData;
import io.quarkus.qute.TemplateData;
import jakarta.ws.rs.FormParam;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The profile editor's fields, as the browser posts them, turned into a {@link ProfileData} so that
 * the inventory's own validation applies.
 */
@TemplateData
public class ProfileForm {

  /** The name the profile had when the editor opened; empty for a new profile. */
  @FormParam("original")
  public String original = "";

  @FormParam("name")
  public String name = "";

  @FormParam("description")
  public String description = "";

  @FormParam("kind")
  public String kind = "linux";

  @FormParam("kernel")
  public String kernel = "";

  /** One path per line. */
  @FormParam("initrds")
  public String initrds = "";

  @FormParam("cmdline")
  public String cmdline = "";

  @FormParam("ipxeScript")
  public String ipxeScript = "";

  @FormParam("stage3Method")
  public String stage3Method = "";

  @FormParam("stage3Image")
  public String stage3Image = "";

  @FormParam("templatePxelinux")
  public String templatePxelinux = "";

  @FormParam("templateIpxe")
  public String templateIpxe = "";

  @FormParam("templateGrub")
  public String templateGrub = "";

  /** One key=value per line. */
  @FormParam("selector")
  public String selector = "";

  @FormParam("selectorPriority")
  public String selectorPriority = "0";

  /** {@code ipxe}, {@code secure-boot}, or empty: not chosen by this profile. */
  @FormParam("uefiChain")
  public String uefiChain = "";

  /** Kind menu: one profile name per entry row, in menu order; empty rows are left out. */
  @FormParam("menuEntry")
  public List<String> menuEntries = new ArrayList<>();

  /** Kind menu: the entry booted when nobody chooses; empty for the first entry. */
  @FormParam("menuDefault")
  public String menuDefault = "";

  /** Kind menu: seconds to wait; empty for the inventory's default. */
  @FormParam("menuTimeout")
  public String menuTimeout = "";

  /** Blank entry rows the editor shows below the chosen entries, to add more. */
  static final int BLANK_ENTRY_ROWS = 3;

  public static ProfileForm of(ProfileData d) {
    ProfileForm f = new ProfileForm();
    f.original = d.name() == null ? "" : d.name();
    f.name = f.original;
    f.description = nz(d.description());
    f.kind = nz(d.kind());
    f.kernel = nz(d.kernel());
    f.initrds = d.initrds() == null ? "" : String.join("\n", d.initrds());
    f.cmdline = nz(d.cmdline());
    f.ipxeScript = nz(d.ipxeScript());
    if (d.stage3() != null) {
      f.stage3Method = nz(d.stage3().method());
      f.stage3Image = nz(d.stage3().image());
    }
    if (d.templates() != null) {
      f.templatePxelinux = nz(d.templates().get("pxelinux"));
      f.templateIpxe = nz(d.templates().get("ipxe"));
      f.templateGrub = nz(d.templates().get("grub"));
    }
    f.selector =
        d.selector() == null
            ? ""
            : d.selector().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n"));
    f.selectorPriority = d.selectorPriority() == null ? "0" : d.selectorPriority().toString();
    f.uefiChain = d.uefiChain() == null ? "" : d.uefiChain();
    if (d.menu() != null) {
      f.menuEntries =
          d.menu().entries() == null ? new ArrayList<>() : new ArrayList<>(d.menu().entries());
      f.menuDefault = nz(d.menu().defaultEntry());
      f.menuTimeout = d.menu().timeout() == null ? "" : d.menu().timeout().toString();
    }
    return f;
  }

  /**
   * The profile as entered; {@code nameOverride} replaces the name (for previews of unnamed
   * drafts).
   */
  public ProfileData toData(String nameOverride) {
    List<String> initrdList = new ArrayList<>();
    for (String line : nz(initrds).split("\n")) {
      if (!line.isBlank()) {
        initrdList.add(line.trim());
      }
    }
    Map<String, String> templates = new LinkedHashMap<>();
    putIfSet(templates, "pxelinux", templatePxelinux);
    putIfSet(templates, "ipxe", templateIpxe);
    putIfSet(templates, "grub", templateGrub);
    Map<String, String> sel = new LinkedHashMap<>();
    for (String line : nz(selector).split("\n")) {
      String l = line.trim();
      if (l.isEmpty()) {
        continue;
      }
      int eq = l.indexOf('=');
      if (eq <= 0) {
        throw DashboardException.badRequest(
            "Selector line '" + l + "' must be key=value, one label per line.");
      }
      sel.put(l.substring(0, eq).trim(), l.substring(eq + 1).trim());
    }
    int priority;
    try {
      priority = nz(selectorPriority).isBlank() ? 0 : Integer.parseInt(selectorPriority.trim());
    } catch (NumberFormatException e) {
      throw DashboardException.badRequest("Selector priority must be a whole number.");
    }
    String method = nz(stage3Method).trim().toLowerCase(Locale.ROOT);
    ProfileData.Menu menu = "menu".equalsIgnoreCase(nz(kind).trim()) ? menu() : null;
    return new ProfileData(
        nameOverride != null ? nameOverride : nz(name).trim(),
        description,
        kind,
        kernel,
        initrdList,
        cmdline,
        ipxeScript,
        menu,
        method.isEmpty() ? null : new ProfileData.Stage3(method, nz(stage3Image)),
        templates.isEmpty() ? null : templates,
        sel.isEmpty() ? null : sel,
        priority,
        nz(uefiChain).isBlank() ? null : uefiChain.trim(),
        null,
        null);
  }

  private ProfileData.Menu menu() {
    List<String> entries = new ArrayList<>();
    for (String e : menuEntries == null ? List.<String>of() : menuEntries) {
      if (e != null && !e.isBlank()) {
        entries.add(e.trim());
      }
    }
    Integer timeout;
    try {
      timeout = nz(menuTimeout).isBlank() ? null : Integer.valueOf(menuTimeout.trim());
    } catch (NumberFormatException e) {
      throw DashboardException.badRequest("Menu timeout must be a whole number of seconds.");
    }
    String def = nz(menuDefault).trim();
    return new ProfileData.Menu(entries, def.isEmpty() ? null : def, timeout);
  }

  /** The entry rows of the editor: the chosen entries in order, then blank rows to add more. */
  public List<String> menuRows() {
    List<String> rows = new ArrayList<>();
    for (String e : menuEntries == null ? List.<String>of() : menuEntries) {
      if (e != null && !e.isBlank()) {
        rows.add(e.trim());
      }
    }
    for (int i = 0; i < BLANK_ENTRY_ROWS; i++) {
      rows.add("");
    }
    return rows;
  }

  public boolean isNew() {
    return nz(original).isBlank();
  }

  private static void putIfSet(Map<String, String> m, String k, String v) {
    if (v != null && !v.isBlank()) {
      m.put(k, v.replace("\r\n", "\n"));
    }
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
