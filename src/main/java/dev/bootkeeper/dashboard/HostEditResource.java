package dev.bootkeeper.dashboard;

import dev.bootkeeper.dashboard.auth.CsrfChecked;
import dev.bootkeeper.dashboard.auth.DashboardGuard;
import dev.bootkeeper.dashboard.auth.DashboardPage;
import dev.bootkeeper.inventory.HostData;
import dev.bootkeeper.inventory.HostService;
import dev.bootkeeper.inventory.InventoryException;
import dev.bootkeeper.inventory.ProfileService;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
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
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Adding, editing, adopting and deleting hosts. A refused form comes back with the inventory's
 * message and everything the person typed, rather than an error page that loses it.
 */
@Path("/hosts")
@DashboardPage
@CsrfChecked
@Blocking
public class HostEditResource {

  private final Template form;
  private final Ui ui;
  private final HostService hosts;
  private final ProfileService profiles;
  private final ErrorPages errors;

  public HostEditResource(
      @Location("host-form.html") Template form,
      Ui ui,
      HostService hosts,
      ProfileService profiles,
      ErrorPages errors) {
    this.form = form;
    this.ui = ui;
    this.hosts = hosts;
    this.profiles = profiles;
    this.errors = errors;
  }

  @ServerExceptionMapper
  public Response refused(InventoryException e) {
    return errors.page(DashboardException.of(e));
  }

  @GET
  @Path("/new")
  @Produces(MediaType.TEXT_HTML)
  public TemplateInstance add(@QueryParam("mac") String mac) {
    HostForm f = new HostForm();
    f.mac = mac == null ? "" : mac;
    return page(f, "new", null);
  }

  @POST
  @Path("/new")
  @Produces(MediaType.TEXT_HTML)
  public Response create(@BeanParam HostForm in) {
    try {
      HostData h = hosts.create(in.toData());
      return Ui.redirect("/hosts/" + h.mac(), "Added " + name(h) + ".");
    } catch (InventoryException | DashboardException e) {
      return refusedForm(in, "new", e);
    }
  }

  @GET
  @Path("/{mac}/edit")
  @Produces(MediaType.TEXT_HTML)
  public TemplateInstance editForm(@PathParam("mac") String mac) {
    return page(HostForm.of(hosts.get(mac)), "edit", null);
  }

  @POST
  @Path("/{mac}/edit")
  @Produces(MediaType.TEXT_HTML)
  public Response edit(@PathParam("mac") String mac, @BeanParam HostForm in) {
    in.mac = HostsResource.mac(mac).colon();
    try {
      HostData h = hosts.edit(mac, in.toData());
      return Ui.redirect("/hosts/" + h.mac(), "Saved " + name(h) + ".");
    } catch (InventoryException | DashboardException e) {
      if (e instanceof InventoryException ie && ie.kind() == InventoryException.Kind.NOT_FOUND) {
        throw ie;
      }
      return refusedForm(in, "edit", e);
    }
  }

  /**
   * Takes a discovered machine into the inventory, naming and labelling it in the same step; a
   * refused name or label opens the host form with what was typed.
   */
  @POST
  @Path("/{mac}/adopt")
  @Produces(MediaType.TEXT_HTML)
  public Response adopt(
      @PathParam("mac") String mac,
      @FormParam("profile") String profileName,
      @FormParam("hostname") String hostname,
      @FormParam("labels") String labels) {
    HostForm typed = new HostForm();
    typed.mac = HostsResource.mac(mac).colon();
    typed.profile = profileName == null ? "" : profileName;
    typed.hostname = hostname == null ? "" : hostname;
    typed.labels = labels == null ? "" : labels;
    try {
      Map<String, String> parsed = HostForm.labels(typed.labels);
      HostData h = hosts.adopt(typed.mac, profileName, hostname, parsed);
      return Ui.redirect(
          "/hosts",
          "Adopted "
              + name(h)
              + (h.profile() == null ? "" : " with profile '" + h.profile() + "'")
              + ".");
    } catch (InventoryException | DashboardException e) {
      if (e instanceof InventoryException ie && ie.kind() == InventoryException.Kind.NOT_FOUND) {
        throw ie;
      }
      return refusedForm(typed, "edit", e);
    }
  }

  /** The CSRF field is named so that the form body is read, where the CSRF check finds it. */
  @POST
  @Path("/{mac}/delete")
  public Response delete(
      @PathParam("mac") String mac, @FormParam(DashboardGuard.CSRF_FIELD) String csrf) {
    String m = HostsResource.mac(mac).colon();
    hosts.delete(m);
    return Ui.redirect(
        "/hosts",
        "Deleted the host "
            + m
            + ". If it boots again it comes back as a discovered machine with the default rules.");
  }

  private Response refusedForm(HostForm typed, String mode, RuntimeException e) {
    int status =
        e instanceof InventoryException ie
            ? DashboardException.of(ie).status()
            : ((DashboardException) e).status();
    return Response.status(status)
        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .entity(page(typed, mode, DashboardException.sentence(e.getMessage())).render())
        .build();
  }

  private TemplateInstance page(HostForm f, String mode, String error) {
    return ui.page(form, "hosts")
        .data("form", f)
        .data("mode", mode)
        .data("error", error)
        .data("profiles", profiles.names());
  }

  private static String name(HostData h) {
    return h.hostname() == null ? h.mac() : h.hostname() + " (" + h.mac() + ")";
  }
}
