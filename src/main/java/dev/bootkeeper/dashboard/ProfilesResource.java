package dev.bootkeeper.dashboard;

import dev.bootkeeper.boot.BootService;
import dev.bootkeeper.boot.ConfigFormat;
import dev.bootkeeper.boot.MacAddress;
import dev.bootkeeper.boot.ProfileSpec;
import dev.bootkeeper.dashboard.auth.CsrfChecked;
import dev.bootkeeper.dashboard.auth.DashboardPage;
import dev.bootkeeper.inventory.InventoryException;
import dev.bootkeeper.inventory.PresetCatalog;
import dev.bootkeeper.inventory.ProfileData;
import dev.bootkeeper.inventory.ProfileFiles;
import dev.bootkeeper.inventory.ProfileService;
import dev.bootkeeper.store.ProfileVersion;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Profiles: the list, the editor with a live preview of the rendered configs, presets, and the
 * version history with diffs and rollback.
 */
@Path("/profiles")
@TemplateData(target = PresetCatalog.Param.class)
@TemplateData(target = ProfileService.Usage.class)
@DashboardPage
@CsrfChecked
@Blocking
public class ProfilesResource {

  /** The machine previews are rendered for, so per-machine values show up in the text. */
  static final MacAddress EXAMPLE_MAC = MacAddress.of("52:54:00:12:34:56");

  @TemplateData
  public record ProfileRow(
      String name,
      String kind,
      String description,
      String selector,
      long hosts,
      boolean isDefault,
      String updated) {}

  @TemplateData
  public record PresetView(
      String id, String title, String description, List<PresetCatalog.Param> params) {
    static PresetView of(PresetCatalog.Preset p) {
      return new PresetView(p.id(), p.title(), p.description(), p.params());
    }
  }

  @TemplateData
  public record VersionRow(
      int version, int previous, String author, String when, boolean current) {}

  @TemplateData
  public record Preview(String id, String title, String text) {}

  private final Template list;
  private final Template editor;
  private final Template preview;
  private final Template presetForm;
  private final Template diff;
  private final Ui ui;
  private final BootService boot;
  private final ProfileService profiles;
  private final ErrorPages errors;
  private final ProfileFiles files;

  public ProfilesResource(
      @Location("profiles.html") Template list,
      @Location("profile.html") Template editor,
      @Location("profile-preview.html") Template preview,
      @Location("preset.html") Template presetForm,
      @Location("profile-diff.html") Template diff,
      Ui ui,
      BootService boot,
      ProfileService profiles,
      ErrorPages errors,
      ProfileFiles files) {
    this.files = files;
    this.list = list;
    this.editor = editor;
    this.preview = preview;
    this.presetForm = presetForm;
    this.diff = diff;
    this.ui = ui;
    this.boot = boot;
    this.profiles = profiles;
    this.errors = errors;
  }

  @ServerExceptionMapper
  public Response refused(InventoryException e) {
    return errors.page(DashboardException.of(e));
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  public TemplateInstance list() {
    List<ProfileRow> rows =
        profiles.summaries().stream()
            .map(
                p ->
                    new ProfileRow(
                        p.name(),
                        p.kind(),
                        p.description() == null ? "" : p.description(),
                        p.selector().isEmpty() ? "" : p.selector().toString(),
                        p.hosts(),
                        p.isDefault(),
                        Times.ago(p.updatedAt())))
            .toList();
    List<PresetView> presets = PresetCatalog.all().stream().map(PresetView::of).toList();
    return ui.page(list, "profiles").data("rows", rows).data("presets", presets);
  }

  @GET
  @Path("/new")
  @Produces(MediaType.TEXT_HTML)
  public TemplateInstance create(@QueryParam("preset") String presetId) {
    if (presetId != null && !presetId.isBlank()) {
      return presetPage(PresetCatalog.byId(presetId), null, "", Map.of());
    }
    ProfileForm form = new ProfileForm();
    return editorPage(form, null, List.of());
  }

  /** Creates a profile from a preset and opens it in the editor. */
  @POST
  @Path("/preset")
  @Produces(MediaType.TEXT_HTML)
  public Object fromPreset(@BeanParam PresetInput in) {
    PresetCatalog.Preset preset = PresetCatalog.byId(in.preset == null ? "" : in.preset);
    Map<String, String> values = new LinkedHashMap<>();
    for (PresetCatalog.Param param : preset.params()) {
      String v = in.value(param.name());
      if (v != null && !v.isBlank()) {
        values.put(param.name(), v.trim());
      }
    }
    try {
      ProfileService.Saved saved =
          profiles.createFromPreset(
              preset.id(), in.name == null ? null : in.name.trim(), values, ui.username());
      String name = saved.profile().name();
      int missing = files.missing(saved.profile()).size();
      return Ui.redirect(
          "/profiles/" + enc(name),
          "Created profile '"
              + name
              + "' from "
              + preset.title()
              + "."
              + (missing == 0
                  ? ""
                  : " "
                      + missing
                      + (missing == 1 ? " file it names is" : " files it names are")
                      + " not in the images directory: see the warnings."));
    } catch (InventoryException e) {
      return Response.status(400)
          .entity(
              presetPage(
                  preset,
                  DashboardException.sentence(e.getMessage()),
                  in.name == null ? "" : in.name,
                  values))
          .build();
    }
  }

  private TemplateInstance presetPage(
      PresetCatalog.Preset preset, String error, String name, Map<String, String> values) {
    String image = values.get("image");
    List<String> images = List.copyOf(files.images().keySet());
    return ui.page(presetForm, "profiles")
        .data("preset", PresetView.of(preset))
        .data("error", error)
        .data("name", name)
        .data("values", values)
        .data("images", images)
        .data("imageMissing", image != null && !images.contains(image) ? image : null);
  }

  @GET
  @Path("/{name}")
  @Produces(MediaType.TEXT_HTML)
  public TemplateInstance edit(@PathParam("name") String name) {
    ProfileForm form = ProfileForm.of(profiles.get(name));
    return editorPage(form, null, versions(form.original));
  }

  /** The rendered configs of the editor's current (unsaved) content: an htmx fragment. */
  @POST
  @Path("/preview")
  @Produces(MediaType.TEXT_HTML)
  public TemplateInstance preview(@BeanParam ProfileForm form) {
    return previewData(preview.instance(), form);
  }

  @POST
  @Path("/save")
  @Produces(MediaType.TEXT_HTML)
  public Object save(@BeanParam ProfileForm form) {
    try {
      ProfileService.Saved saved =
          form.isNew()
              ? profiles.create(form.toData(null), ui.username())
              : profiles.update(form.original, form.toData(null), ui.username());
      String name = saved.profile().name();
      int missing = files.missing(saved.profile()).size();
      return Ui.redirect(
          "/profiles/" + enc(name),
          "Saved profile '"
              + name
              + "' as version "
              + saved.version()
              + "."
              + (missing == 0
                  ? ""
                  : " Warning: "
                      + missing
                      + (missing == 1 ? " file it names is" : " files it names are")
                      + " not in the images directory."));
    } catch (InventoryException | DashboardException e) {
      List<VersionRow> versions =
          form.isNew() || !profiles.exists(form.original) ? List.of() : versions(form.original);
      return Response.status(400)
          .entity(editorPage(form, DashboardException.sentence(e.getMessage()), versions))
          .build();
    }
  }

  @GET
  @Path("/{name}/diff")
  @Produces(MediaType.TEXT_HTML)
  public TemplateInstance diff(
      @PathParam("name") String name,
      @QueryParam("from") Integer from,
      @QueryParam("to") Integer to) {
    int b = to == null ? profiles.latestVersion(name).version : to;
    int a = from == null ? b - 1 : from;
    ProfileVersion after = profiles.version(name, b);
    String before = a < 1 ? "" : profiles.version(name, a).snapshot;
    List<LineDiff.Line> lines = LineDiff.diff(before, after.snapshot);
    return ui.page(diff, "profiles")
        .data("name", name)
        .data("from", a)
        .data("to", b)
        .data("lines", lines)
        .data("changed", LineDiff.changed(lines))
        .data("versions", versions(name))
        .data("exists", profiles.exists(name));
  }

  /** Makes an old version current again, as a new version. */
  @POST
  @Path("/{name}/rollback")
  public Response rollback(@PathParam("name") String name, @FormParam("version") int version) {
    ProfileService.Saved saved = profiles.rollback(name, version, ui.username());
    return Ui.redirect(
        "/profiles/" + enc(saved.profile().name()),
        "Rolled back to version " + version + "; it is now version " + saved.version() + ".");
  }

  /**
   * Deletes a profile; the hosts that have it as their own profile move to {@code moveTo} (empty:
   * their label rules, then the default, decide) and its one-shot next boots are cancelled.
   */
  @POST
  @Path("/{name}/delete")
  public Response delete(@PathParam("name") String name, @FormParam("moveTo") String moveTo) {
    int moved = profiles.deleteMovingHosts(name, moveTo);
    String to =
        moveTo == null || moveTo.isBlank()
            ? "their label rules, then the default profile, decide what they boot"
            : "they now boot '" + moveTo.trim() + "'";
    return Ui.redirect(
        "/profiles",
        "Deleted profile '"
            + name
            + "'."
            + (moved == 0
                ? ""
                : " " + moved + (moved == 1 ? " host" : " hosts") + ": " + to + "."));
  }

  private TemplateInstance editorPage(ProfileForm form, String error, List<VersionRow> versions) {
    TemplateInstance t =
        ui.page(editor, "profiles")
            .data("form", form)
            .data("error", error)
            .data("versions", versions)
            .data("kinds", List.of("linux", "chain", "local", "ipxe", "menu"))
            .data("entryChoices", profiles.menuEntryChoices())
            .data("methods", List.of("", "http", "nbd", "nfs"))
            .data("hosts", form.isNew() ? 0L : profiles.hostsBooting(form.original));
    List<String> images = List.copyOf(files.images().keySet());
    String image = form.stage3Image == null ? "" : form.stage3Image.trim();
    t.data("images", images)
        .data("otherImage", image.isEmpty() || images.contains(image) ? null : image)
        .data("otherImagePresent", !image.isEmpty() && files.present(image));
    if (!form.isNew() && profiles.exists(form.original)) {
      t.data("usage", profiles.usage(form.original))
          .data(
              "moveChoices",
              profiles.names().stream().filter(n -> !n.equals(form.original)).toList());
    } else {
      t.data("usage", null).data("moveChoices", List.of());
    }
    return previewData(t, form);
  }

  private TemplateInstance previewData(TemplateInstance t, ProfileForm form) {
    List<Preview> out = new ArrayList<>();
    String problem = null;
    List<String> warnings = List.of();
    try {
      String draftName = form.name == null || form.name.isBlank() ? "draft" : form.name.trim();
      ProfileData data = form.toData(draftName);
      warnings = files.missing(data).stream().map(ProfileFiles.Missing::sentence).toList();
      ProfileSpec spec = profiles.draft(data);
      for (ConfigFormat f : ConfigFormat.values()) {
        out.add(
            new Preview(
                f.id(),
                HostDetailResource.title(f),
                boot.renderer().render(spec, f, boot.context(Optional.of(EXAMPLE_MAC)))));
      }
    } catch (InventoryException | DashboardException e) {
      problem = DashboardException.sentence(e.getMessage());
    } catch (RuntimeException e) {
      problem = "The template does not render: " + e.getMessage();
    }
    return t.data("previews", out)
        .data("problem", problem)
        .data("warnings", warnings)
        .data("exampleMac", EXAMPLE_MAC.colon());
  }

  private List<VersionRow> versions(String name) {
    List<ProfileVersion> all = profiles.versions(name);
    List<VersionRow> rows = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      ProfileVersion v = all.get(i);
      rows.add(new VersionRow(v.version, v.version - 1, v.author, Times.full(v.createdAt), i == 0));
    }
    return rows;
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The preset form: the new profile's name and the preset's parameters. */
  public static class PresetInput {
    @FormParam("preset")
    public String preset;

    @FormParam("name")
    public String name;

    @FormParam("image")
    public String image;

    @FormParam("label")
    public String label;

    @FormParam("kernel")
    public String kernel;

    @FormParam("initrd")
    public String initrd;

    @FormParam("cmdline")
    public String cmdline;

    String value(String param) {
      return switch (param) {
        case "image" -> image;
        case "label" -> label;
        case "kernel" -> kernel;
        case "initrd" -> initrd;
        case "cmdline" -> cmdline;
        default -> null;
      };
    }
  }
}
