package dev.bootkeeper.api;

import dev.bootkeeper.boot.MacAddress;
import dev.bootkeeper.inventory.Fields;
import dev.bootkeeper.inventory.ProfileData;
import dev.bootkeeper.inventory.ProfileService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

@Path("/api/v1/profiles")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProfileResource {

  /** The author of every profile version saved through the API. */
  static final String AUTHOR = "api";

  /** The machine a preview is rendered for when the call names none. */
  static final MacAddress EXAMPLE_MAC = MacAddress.of("52:54:00:12:34:56");

  private final ProfileService profiles;

  public ProfileResource(ProfileService profiles) {
    this.profiles = profiles;
  }

  @GET
  public List<ProfileData> list() {
    return profiles.list();
  }

  @GET
  @Path("/{name}")
  public ProfileData get(@PathParam("name") String name) {
    return profiles.get(name);
  }

  /**
   * The profile's pxelinux, iPXE and GRUB configs, rendered for the machine {@code mac} (an example
   * machine when left out), as it would get them booting this profile.
   */
  @GET
  @Path("/{name}/preview")
  public Map<String, String> preview(
      @PathParam("name") String name, @QueryParam("mac") String mac) {
    MacAddress m = mac == null || mac.isBlank() ? EXAMPLE_MAC : Fields.mac(mac);
    return profiles.preview(name, m);
  }

  @POST
  public Response create(ProfileData in) {
    return created(profiles.create(in, AUTHOR));
  }

  @PUT
  @Path("/{name}")
  public ProfileData update(@PathParam("name") String name, ProfileData in) {
    return profiles.update(name, in, AUTHOR).profile();
  }

  @DELETE
  @Path("/{name}")
  public Response delete(@PathParam("name") String name) {
    profiles.delete(name);
    return Response.noContent().build();
  }

  static Response created(ProfileService.Saved saved) {
    // A relative Location (RFC 9110 §10.2.2): Response.created would build an absolute one from
    // the request's Host header, which the client chooses.
    return Response.status(Response.Status.CREATED)
        .header(HttpHeaders.LOCATION, "/api/v1/profiles/" + saved.profile().name())
        .entity(saved.profile())
        .build();
  }
}
