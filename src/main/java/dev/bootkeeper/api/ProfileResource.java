package dev.bootkeeper.api;

import dev.bootkeeper.boot.BootService;
import dev.bootkeeper.store.Host;
import dev.bootkeeper.store.Profile;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

@Path("/api/v1/profiles")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProfileResource {

  private final BootService boot;
  private final ProfileHistory history;

  public ProfileResource(BootService boot, ProfileHistory history) {
    this.boot = boot;
    this.history = history;
  }

  @GET
  public List<ProfileDto> list() {
    return Profile.<Profile>listAll(io.quarkus.panache.common.Sort.by("name")).stream()
        .map(ProfileMapper::toDto)
        .toList();
  }

  @GET
  @Path("/{name}")
  public ProfileDto get(@PathParam("name") String name) {
    return ProfileMapper.toDto(find(name));
  }

  @POST
  @Transactional
  public Response create(ProfileDto in) {
    Profile p = new Profile();
    ProfileMapper.apply(in, p);
    if (Profile.byName(p.name).isPresent()) {
      throw ApiProblem.conflict("a profile named '" + p.name + "' already exists");
    }
    p.persist();
    history.record(p, "api");
    return Response.created(URI.create("/api/v1/profiles/" + p.name))
        .entity(ProfileMapper.toDto(p))
        .build();
  }

  @PUT
  @Path("/{name}")
  @Transactional
  public ProfileDto update(@PathParam("name") String name, ProfileDto in) {
    Profile p = find(name);
    if (in != null && in.name() != null && !in.name().equals(name)) {
      Profile.byName(in.name())
          .ifPresent(
              other -> {
                throw ApiProblem.conflict(
                    "cannot rename to '" + in.name() + "': a profile of that name exists");
              });
      if (name.equals(boot.defaultProfile().name())) {
        throw ApiProblem.conflict(
            "profile '" + name + "' is the default profile; choose another default first");
      }
    }
    ProfileDto withName =
        in == null || in.name() != null
            ? in
            : new ProfileDto(
                name,
                in.description(),
                in.kind(),
                in.kernel(),
                in.initrds(),
                in.cmdline(),
                in.ipxeScript(),
                in.stage3(),
                in.templates(),
                in.selector(),
                in.selectorPriority(),
                null,
                null);
    history.baseline(p);
    ProfileMapper.apply(withName, p);
    history.record(p, "api");
    return ProfileMapper.toDto(p);
  }

  @DELETE
  @Path("/{name}")
  @Transactional
  public Response delete(@PathParam("name") String name) {
    Profile p = find(name);
    long users = Host.count("profile = ?1 or nextBootProfile = ?1", p);
    if (users > 0) {
      throw ApiProblem.conflict(
          "profile '" + name + "' is used by " + users + " host(s); reassign them first");
    }
    if (name.equals(boot.defaultProfile().name())) {
      throw ApiProblem.conflict(
          "profile '" + name + "' is the default profile; choose another default first");
    }
    p.delete();
    return Response.noContent().build();
  }

  static Profile find(String name) {
    return Profile.byName(name)
        .orElseThrow(() -> ApiProblem.notFound("no profile named '" + name + "'"));
  }
}
