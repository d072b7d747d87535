package dev.bootkeeper.api;

import dev.bootkeeper.store.Profile;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Presets: ready-made profiles (SystemRescue over HTTP, NBD, NFS; legacy; Linux; local; memtest).
 */
@Path("/api/v1/presets")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PresetResource {

  private final ProfileHistory history;

  public PresetResource(ProfileHistory history) {
    this.history = history;
  }

  public record PresetDto(
      String id, String title, String description, List<Presets.Param> params) {}

  public record Instantiate(String name, Map<String, String> params) {}

  @GET
  public List<PresetDto> list() {
    return Presets.all().stream()
        .map(p -> new PresetDto(p.id(), p.title(), p.description(), p.params()))
        .toList();
  }

  /** Creates a profile from the preset. */
  @POST
  @Path("/{id}")
  @Transactional
  public Response instantiate(@PathParam("id") String id, Instantiate in) {
    Presets.Preset preset =
        Presets.byId(id).orElseThrow(() -> ApiProblem.notFound("no preset '" + id + "'"));
    if (in == null) {
      throw ApiProblem.badRequest("give the new profile's name: {\"name\": …, \"params\": {…}}");
    }
    Profile p = new Profile();
    ProfileMapper.apply(Presets.instantiate(preset, in.name(), in.params()), p);
    if (Profile.byName(p.name).isPresent()) {
      throw ApiProblem.conflict("a profile named '" + p.name + "' already exists");
    }
    p.persist();
    history.record(p, "api");
    return Response.created(URI.create("/api/v1/profiles/" + p.name))
        .entity(ProfileMapper.toDto(p))
        .build();
  }
}
