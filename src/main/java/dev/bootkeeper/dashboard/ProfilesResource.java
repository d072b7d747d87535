package dev.bootkeeper.dashboard;

import dev.bootkeeper.api.ApiProblem;
import dev.bootkeeper.api.Presets;
import dev.bootkeeper.api.ProfileDto;
import dev.bootkeeper.api.ProfileHistory;
import dev.bootkeeper.api.ProfileMapper;
import dev.bootkeeper.boot.BootService;
import dev.bootkeeper.boot.ConfigFormat;
import dev.bootkeeper.boot.MacAddress;
import dev.bootkeeper.boot.ProfileSpec;
import dev.bootkeeper.boot.ProfileSpecs;
import dev.bootkeeper.dashboard.auth.CsrfChecked;
import dev.bootkeeper.dashboard.auth.DashboardPage;
import dev.bootkeeper.store.Host;
import dev.bootkeeper.store.Profile;
import dev.bootkeeper.store.ProfileVersion;
import io.quarkus.panache.common.Sort;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.transaction.Transactional;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Profiles: the list, the editor with a live preview of the rendered configs, presets, and the
 * version history with diffs and rollback.
 */
@Path("/profiles")
@TemplateData(target = Presets.Param.class)
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
      String id, String title, String description, List<Presets.Param> params) {}

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
  private final ProfileHistory history;

  public ProfilesResource(
      @Location("profiles.html") Template list,
      @Location("profile.html") Template editor,
      @Location("profile-preview.html") Template preview,
      @Location("preset.html") Template presetForm,
      @Location("profile-diff.html") Template diff,
      Ui ui,
      BootService boot,
      ProfileHistory history) {
    this.list = list;
    this.editor = editor;
    this.preview = preview;
    this.presetForm = presetForm;
    this.diff = diff;
    this.ui = ui;
    this.boot = boot;
    this.history = history;
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  @Transactional
  public TemplateInstance list() {
    Map<String, Long> usage = new HashMap<>();
    Profile.getEntityManager()
        .createQuery(
            "select h.profile.name, count(h) from Host h where h.profile is not null group by"
                + " h.profile.name",
            Object[].class)
        .getResultList()
        .forEach(r -> usage.put((String) r[0], (Long) r[1]));
    String defaultName = boot.defaultProfile().name();
    List<ProfileRow> rows =
        Profile.<Profile>listAll(Sort.by("name")).stream()
            .map(
                p ->
                    new ProfileRow(
                        p.name,
                        p.kind.name().toLowerCase(Locale.ROOT),
                        p.description == null ? "" : p.description,
                        p.selector.isEmpty() ? "" : p.selector.toString(),
                        usage.getOrDefault(p.name, 0L),
                        p.name.equals(defaultName),
                        Times.ago(p.updatedAt)))
            .toList();
    List<PresetView> presets =
        Presets.all().stream()
            .map(p -> new PresetView(p.id(), p.title(), p.description(), p.params()))
            .toList();
    return ui.page(list, "profiles").data("rows", rows).data("presets", presets);
  }

  @GET
  @Path("/new")
  @Produces(MediaType.TEXT_HTML)
  public TemplateInstance create(@QueryParam("preset") String presetId) {
    if (presetId != null && !presetId.isBlank()) {
      Presets.Preset preset =
          Presets.byId(presetId)
              .orElseThrow(() -> DashboardException.notFound("No preset '" + presetId + "'."));
      return ui.page(presetForm, "profiles")
          .data(
              "preset",
              new PresetView(preset.id(), preset.title(), preset.description(), preset.params()))
          .data("error", null)
          .data("name", "")
          .data("values", Map.of());
    }
    ProfileForm form = new ProfileForm();
    return editorPage(form, null, List.of());
  }

  /** Creates a profile from a preset and opens it in the editor. */
  @POST
  @Path("/preset")
  @Produces(MediaType.TEXT_HTML)
  @Transactional
  public Object fromPreset(@BeanParam PresetInput in) {
    Presets.Preset preset =
        Presets.byId(in.preset == null ? "" : in.preset)
            .orElseThrow(() -> DashboardException.notFound("No such preset."));
    Map<String, String> values = new LinkedHashMap<>();
    for (Presets.Param param : preset.params()) {
      String v = in.value(param.name());
      if (v != null && !v.isBlank()) {
        values.put(param.name(), v.trim());
      }
    }
    try {
      Profile p = new Profile();
      ProfileMapper.apply(
          Presets.instantiate(preset, in.name == null ? null : in.name.trim(), values), p);
      if (Profile.byName(p.name).isPresent()) {
        throw ApiProblem.conflict("a profile named '" + p.name + "' already exists");
      }
      p.persist();
      history.record(p, ui.username());
      return Ui.redirect(
          "/profiles/" + enc(p.name),
          "Created profile '" + p.name + "' from " + preset.title() + ".");
    } catch (ApiProblem e) {
      return Response.status(400)
          .entity(
              ui.page(presetForm, "profiles")
                  .data(
                      "preset",
                      new PresetView(
                          preset.id(), preset.title(), preset.description(), preset.params()))
                  .data("error", capitalise(e.getMessage()))
                  .data("name", in.name == null ? "" : in.name)
                  .data("values", values))
          .build();
    }
  }

  @GET
  @Path("/{name}")
  @Produces(MediaType.TEXT_HTML)
  @Transactional
  public TemplateInstance edit(@PathParam("name") String name) {
    Profile p = find(name);
    return editorPage(ProfileForm.of(ProfileMapper.toDto(p)), null, versions(p.name));
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
  @Transactional
  public Object save(@BeanParam ProfileForm form) {
    try {
      ProfileDto dto = form.toDto(null);
      Profile p;
      if (form.isNew()) {
        p = new Profile();
        ProfileMapper.apply(dto, p);
        if (Profile.byName(p.name).isPresent()) {
          throw ApiProblem.conflict("a profile named '" + p.name + "' already exists");
        }
        p.persist();
      } else {
        p = find(form.original);
        String newName = dto.name();
        if (!newName.equals(p.name)) {
          if (Profile.byName(newName).isPresent()) {
            throw ApiProblem.conflict(
                "cannot rename to '" + newName + "': a profile of that name exists");
          }
          if (p.name.equals(boot.defaultProfile().name())) {
            throw ApiProblem.conflict(
                "profile '" + p.name + "' is the default profile; choose another default first");
          }
        }
        history.baseline(p);
        ProfileMapper.apply(dto, p);
      }
      int version = history.record(p, ui.username());
      return Ui.redirect(
          "/profiles/" + enc(p.name), "Saved profile '" + p.name + "' as version " + version + ".");
    } catch (ApiProblem | DashboardException e) {
      List<VersionRow> versions =
          form.isNew()
              ? List.of()
              : Profile.byName(form.original).map(p -> versions(p.name)).orElse(List.of());
      return Response.status(400)
          .entity(editorPage(form, capitalise(e.getMessage()), versions))
          .build();
    }
  }

  @GET
  @Path("/{name}/diff")
  @Produces(MediaType.TEXT_HTML)
  @Transactional
  public TemplateInstance diff(
      @PathParam("name") String name,
      @QueryParam("from") Integer from,
      @QueryParam("to") Integer to) {
    Optional<ProfileVersion> latest = ProfileVersion.latest(name);
    if (latest.isEmpty()) {
      throw DashboardException.notFound("Profile '" + name + "' has no saved versions.");
    }
    int b = to == null ? latest.get().version : to;
    int a = from == null ? b - 1 : from;
    ProfileVersion after = version(name, b);
    String before = a < 1 ? "" : version(name, a).snapshot;
    List<LineDiff.Line> lines = LineDiff.diff(before, after.snapshot);
    return ui.page(diff, "profiles")
        .data("name", name)
        .data("from", a)
        .data("to", b)
        .data("lines", lines)
        .data("changed", LineDiff.changed(lines))
        .data("versions", versions(name))
        .data("exists", Profile.byName(name).isPresent());
  }

  /** Makes an old version current again, as a new version. */
  @POST
  @Path("/{name}/rollback")
  @Transactional
  public Response rollback(@PathParam("name") String name, @FormParam("version") int version) {
    Profile p = find(name);
    ProfileVersion old = version(name, version);
    ProfileDto snapshot = history.read(old.snapshot);
    ProfileDto renamed =
        new ProfileDto(
            p.name,
            snapshot.description(),
            snapshot.kind(),
            snapshot.kernel(),
            snapshot.initrds(),
            snapshot.cmdline(),
            snapshot.ipxeScript(),
            snapshot.stage3(),
            snapshot.templates(),
            snapshot.selector(),
            snapshot.selectorPriority(),
            null,
            null);
    try {
      history.baseline(p);
      ProfileMapper.apply(renamed, p);
    } catch (ApiProblem e) {
      throw DashboardException.badRequest(
          "Version " + version + " no longer passes validation: " + e.getMessage());
    }
    int now = history.record(p, ui.username() + " (rollback to v" + version + ")");
    return Ui.redirect(
        "/profiles/" + enc(p.name),
        "Rolled back to version " + version + "; it is now version " + now + ".");
  }

  private TemplateInstance editorPage(ProfileForm form, String error, List<VersionRow> versions) {
    TemplateInstance t =
        ui.page(editor, "profiles")
            .data("form", form)
            .data("error", error)
            .data("versions", versions)
            .data("kinds", List.of("linux", "chain", "local", "ipxe"))
            .data("methods", List.of("", "http", "nbd", "nfs"))
            .data("hosts", form.isNew() ? 0L : Host.count("profile.name", form.original));
    return previewData(t, form);
  }

  private TemplateInstance previewData(TemplateInstance t, ProfileForm form) {
    List<Preview> out = new ArrayList<>();
    String problem = null;
    try {
      String draftName = form.name == null || form.name.isBlank() ? "draft" : form.name.trim();
      Profile draft = new Profile();
      ProfileMapper.apply(form.toDto(draftName), draft);
      ProfileSpec spec = ProfileSpecs.from(draft);
      for (ConfigFormat f : ConfigFormat.values()) {
        out.add(
            new Preview(
                f.id(),
                HostDetailResource.title(f),
                boot.renderer().render(spec, f, boot.context(Optional.of(EXAMPLE_MAC)))));
      }
    } catch (ApiProblem | DashboardException e) {
      problem = capitalise(e.getMessage());
    } catch (RuntimeException e) {
      problem = "The template does not render: " + e.getMessage();
    }
    return t.data("previews", out).data("problem", problem).data("exampleMac", EXAMPLE_MAC.colon());
  }

  private static List<VersionRow> versions(String name) {
    List<ProfileVersion> all = ProfileVersion.of(name);
    List<VersionRow> rows = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      ProfileVersion v = all.get(i);
      rows.add(new VersionRow(v.version, v.version - 1, v.author, Times.full(v.createdAt), i == 0));
    }
    return rows;
  }

  private static ProfileVersion version(String name, int version) {
    return ProfileVersion.of(name, version)
        .orElseThrow(
            () ->
                DashboardException.notFound(
                    "Profile '" + name + "' has no version " + version + "."));
  }

  static Profile find(String name) {
    return Profile.byName(name)
        .orElseThrow(() -> DashboardException.notFound("No profile named '" + name + "'."));
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String capitalise(String s) {
    if (s == null || s.isEmpty()) {
      return s;
    }
    String t = Character.toUpperCase(s.charAt(0)) + s.substring(1);
    return t.endsWith(".") ? t : t + ".";
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
