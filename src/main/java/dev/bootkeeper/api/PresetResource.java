package dev.bootkeeper.api;

import dev.bootkeeper.inventory.PresetCatalog;
import dev.bootkeeper.inventory.ProfileService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * Presets: ready-made profiles (SystemRescue over HTTP, NBD, NFS; legacy; Linux; local; memtest).
 */
@Path("/api/v1/presets")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PresetResource {

  private final ProfileService profiles;

  public PresetResource(ProfileService profiles) {
    this.profiles = profiles;
  }

  public record PresetDto(
      String id, String title, String description, List<PresetCatalog.Param> params) {}

  public record Instantiate(String name, Map<String, String> params) {}

  @GET
  public List<PresetDto> list() {
    return PresetCatalog.all().stream()
        .map(p -> new PresetDto(p.id(), p.title(), p.description(), p.params()))
        .toList();
  }

  /** Creates a profile from the preset. */
  @POST
  @Path("/{id}")
  public Response instantiate(@PathParam("id") String id, Instantiate in) {
    // An unknown preset is a 404 whatever the body holds.
    PresetCatalog.byId(id);
    if (in == null) {
      throw ApiProblem.badRequest("give the new profile's name: {\"name\": …, \"params\": {…}}");
    }
    return ProfileResource.created(
        profiles.createFromPreset(id, in.name(), in.params(), ProfileResource.AUTHOR));
  }
}
