package dev.bootkeeper.dashboard;

import dev.bootkeeper.boot.BootService;
import dev.bootkeeper.dashboard.auth.AppUser;
import dev.bootkeeper.dashboard.auth.CsrfChecked;
import dev.bootkeeper.dashboard.auth.DashboardPage;
import dev.bootkeeper.dashboard.auth.PasswordHasher;
import dev.bootkeeper.dashboard.auth.Role;
import dev.bootkeeper.dhcp.DhcpBindException;
import dev.bootkeeper.dhcp.DhcpControl;
import dev.bootkeeper.dhcp.DhcpMode;
import dev.bootkeeper.dhcp.DhcpNetwork;
import dev.bootkeeper.dhcp.VendorBootFile;
import dev.bootkeeper.inventory.AuditLog;
import dev.bootkeeper.inventory.SettingsService;
import dev.bootkeeper.inventory.TokenService;
import dev.bootkeeper.store.TokenScope;
import io.quarkus.panache.common.Sort;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Settings: the DHCP mode and subnets (applied at once; turning full DHCP on needs a typed
 * confirmation), the default profile, API tokens and dashboard users.
 */
@Path("/settings")
@DashboardPage
@CsrfChecked
@Blocking
public class SettingsResource {

  static final String CONFIRM_WORD = "ENABLE";
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  @TemplateData
  public record TokenRow(String name, String scope, String created) {}

  @TemplateData
  public record UserRow(String username, String role, String created, boolean me) {}

  private final Template settings;
  private final Template confirm;
  private final Ui ui;
  private final BootService boot;
  private final DhcpControl dhcp;
  private final SettingsService changes;
  private final TokenService tokens;
  private final AuditLog audit;

  public SettingsResource(
      @Location("settings.html") Template settings,
      @Location("dhcp-confirm.html") Template confirm,
      Ui ui,
      BootService boot,
      DhcpControl dhcp,
      SettingsService changes,
      TokenService tokens,
      AuditLog audit) {
    this.settings = settings;
    this.confirm = confirm;
    this.ui = ui;
    this.boot = boot;
    this.dhcp = dhcp;
    this.changes = changes;
    this.tokens = tokens;
    this.audit = audit;
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  @Transactional
  public TemplateInstance get() {
    return page(null, null);
  }

  /**
   * The DHCP mode and subnets, checked, stored and applied at once by the same {@link DhcpControl}
   * call as {@code PUT /api/v1/dhcp}; switching to full DHCP first shows a warning to confirm.
   */
  @POST
  @Path("/dhcp")
  @Produces(MediaType.TEXT_HTML)
  public Object dhcp(
      @FormParam("mode") String mode,
      @FormParam("subnet") List<String> subnet,
      @FormParam("rangeStart") List<String> rangeStart,
      @FormParam("rangeEnd") List<String> rangeEnd,
      @FormParam("router") List<String> router,
      @FormParam("dns") List<String> dns,
      @FormParam("domain") List<String> domain,
      @FormParam("options") List<String> options,
      @FormParam("vendorBootFiles") String vendorBootFiles,
      @FormParam("confirm") String confirmWord) {
    String m = mode == null ? "" : mode.trim().toLowerCase(Locale.ROOT);
    List<SubnetForm> subnets = new ArrayList<>();
    int rows = subnet == null ? 0 : subnet.size();
    for (int i = 0; i < rows; i++) {
      SubnetForm f =
          new SubnetForm(
              at(subnet, i),
              at(rangeStart, i),
              at(rangeEnd, i),
              at(router, i),
              at(dns, i),
              at(domain, i),
              at(options, i));
      if (!f.blank()) {
        subnets.add(f);
      }
    }
    List<DhcpNetwork.SubnetSpec> specs = subnets.stream().map(SubnetForm::toSpec).toList();
    String vendorText = vendorBootFiles == null ? "" : vendorBootFiles;
    List<VendorBootFile> vendors = OptionLines.vendorBootFiles(vendorText);
    try {
      dhcp.check(m, specs, vendors);
    } catch (IllegalArgumentException e) {
      return Response.status(400)
          .entity(page(sentence(e.getMessage()), subnets).data("vendorBootFiles", vendorText))
          .build();
    }
    if (m.equals("full")
        && dhcp.mode() != DhcpMode.FULL
        && !CONFIRM_WORD.equals(confirmWord == null ? "" : confirmWord.trim())) {
      return ui.page(confirm, "settings")
          .data("subnets", subnets)
          .data("vendorBootFiles", vendorText)
          .data("word", CONFIRM_WORD)
          .data("wrong", confirmWord != null && !confirmWord.isBlank());
    }
    try {
      changes.changeDhcp(m, specs, vendors);
    } catch (IllegalArgumentException e) {
      return Response.status(400)
          .entity(page(sentence(e.getMessage()), subnets).data("vendorBootFiles", vendorText))
          .build();
    } catch (DhcpBindException e) {
      return Response.status(409)
          .entity(
              page(
                      "DHCP cannot run with these settings, so they were not saved: "
                          + e.getMessage(),
                      subnets)
                  .data("vendorBootFiles", vendorText))
          .build();
    }
    return Ui.redirect(
        "/settings",
        "DHCP is now "
            + m
            + (subnets.isEmpty() ? "" : ", with " + subnets.size() + " subnet(s)")
            + ": applied, no restart needed.");
  }

  private static String sentence(String message) {
    return message.isEmpty()
        ? message
        : Character.toUpperCase(message.charAt(0)) + message.substring(1) + ".";
  }

  @POST
  @Path("/default-profile")
  @Transactional
  public Response defaultProfile(@FormParam("profile") String name) {
    String chosen = HostsResource.profile(name).name;
    changes.setDefaultProfile(chosen);
    return Ui.redirect("/settings", "Machines nobody configured now boot '" + chosen + "'.");
  }

  @POST
  @Path("/tokens")
  @Produces(MediaType.TEXT_HTML)
  @Transactional
  public Object createToken(@FormParam("name") String name, @FormParam("scope") String scope) {
    String n = name == null ? "" : name.trim();
    if (!NAME.matcher(n).matches()) {
      return Response.status(400)
          .entity(page("A token name is letters, digits, '.', '_' and '-' (at most 64).", null))
          .build();
    }
    if (scope != null && !scope.isBlank() && TokenScope.fromId(scope).isEmpty()) {
      return Response.status(400)
          .entity(page("The scope must be read-only or admin.", null))
          .build();
    }
    if (tokens.exists(n)) {
      return Response.status(400)
          .entity(page("A token named '" + n + "' exists already.", null))
          .build();
    }
    TokenService.Issued issued = tokens.create(n, scope);
    return page(null, null)
        .data("newTokenName", issued.name())
        .data("newTokenScope", issued.scope())
        .data("newToken", issued.token());
  }

  @POST
  @Path("/tokens/revoke")
  @Transactional
  public Response revokeToken(@FormParam("name") String name) {
    if (!tokens.exists(name)) {
      return Ui.redirect("/settings", "No such token.");
    }
    tokens.revoke(name);
    return Ui.redirect("/settings", "Revoked the token '" + name + "'.");
  }

  @POST
  @Path("/users")
  @Produces(MediaType.TEXT_HTML)
  @Transactional
  public Object createUser(
      @FormParam("username") String username,
      @FormParam("password") String password,
      @FormParam("role") String role) {
    String u = username == null ? "" : username.trim();
    String problem = null;
    Role r = null;
    if (!NAME.matcher(u).matches()) {
      problem = "A user name is letters, digits, '.', '_' and '-' (at most 64).";
    } else if (AppUser.byUsername(u).isPresent()) {
      problem = "A user named '" + u + "' exists already.";
    } else if (password == null || password.length() < 10 || password.length() > 1024) {
      problem = "The password needs at least 10 characters.";
    } else {
      try {
        r = Role.valueOf(role == null ? "" : role.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problem = "The role must be admin or viewer.";
      }
    }
    if (problem != null) {
      return Response.status(400).entity(page(problem, null)).build();
    }
    AppUser user = new AppUser();
    user.username = u;
    user.passwordHash = PasswordHasher.hash(password);
    user.role = r;
    user.persist();
    audit.record("create", AuditLog.USER, u, "role=" + r.name().toLowerCase(Locale.ROOT));
    return Ui.redirect(
        "/settings", "Created the " + r.name().toLowerCase(Locale.ROOT) + " '" + u + "'.");
  }

  @POST
  @Path("/users/delete")
  @Transactional
  public Response deleteUser(@FormParam("username") String username) {
    AppUser user =
        AppUser.byUsername(username == null ? "" : username)
            .orElseThrow(() -> DashboardException.notFound("No such user."));
    if (user.username.equals(ui.username())) {
      throw DashboardException.badRequest("You cannot delete yourself.");
    }
    if (user.role == Role.ADMIN && AppUser.count("role", Role.ADMIN) <= 1) {
      throw DashboardException.badRequest("The last admin cannot be deleted.");
    }
    user.delete();
    audit.record(
        "delete",
        AuditLog.USER,
        user.username,
        "role=" + user.role.name().toLowerCase(Locale.ROOT));
    return Ui.redirect("/settings", "Deleted the user '" + user.username + "'.");
  }

  private TemplateInstance page(String error, List<SubnetForm> editing) {
    List<SubnetForm> subnets =
        new ArrayList<>(
            editing != null
                ? editing
                : dhcp.network().specs().stream().map(SubnetForm::of).toList());
    subnets.add(SubnetForm.EMPTY);
    String me = ui.username();
    return ui.page(settings, "settings")
        .data("error", error)
        .data("mode", dhcp.mode().name().toLowerCase(Locale.ROOT))
        .data("modeSource", dhcp.sourceName())
        .data("configuredMode", dhcp.configuredMode().name().toLowerCase(Locale.ROOT))
        .data("subnets", subnets)
        .data("vendorBootFiles", OptionLines.vendorBootFiles(dhcp.network().vendorBootFiles()))
        .data("defaultProfile", boot.defaultProfile().name())
        .data("profiles", HostsResource.profileNames())
        .data(
            "tokens",
            tokens.list().stream()
                .map(t -> new TokenRow(t.name(), t.scope(), Times.full(t.createdAt())))
                .toList())
        .data(
            "users",
            AppUser.<AppUser>listAll(Sort.by("username")).stream()
                .map(
                    u ->
                        new UserRow(
                            u.username,
                            u.role.name().toLowerCase(Locale.ROOT),
                            Times.full(u.createdAt),
                            u.username.equals(me)))
                .toList())
        .data("newTokenName", null)
        .data("newTokenScope", null)
        .data("newToken", null);
  }

  private static String at(List<String> list, int i) {
    return list == null || i >= list.size() || list.get(i) == null ? "" : list.get(i);
  }
}
