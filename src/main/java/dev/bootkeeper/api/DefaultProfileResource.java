package dev.bootkeeper.api;

import dev.bootkeeper.boot.BootService;
import dev.bootkeeper.inventory.Fields;
import dev.bootkeeper.inventory.SettingsService;
import dev.bootkeeper.store.Profile;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The run-time settings kept in the store that are not DHCP's: the default profile. */
@Path("/api/v1/settings")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DefaultProfileResource {

  /**
   * @param defaultProfile what machines with no host record and no matching label rule boot
   */
  public record Settings(String defaultProfile) {}

  private final BootService boot;
  private final SettingsService settings;

  public DefaultProfileResource(BootService boot, SettingsService settings) {
    this.boot = boot;
    this.settings = settings;
  }

  @GET
  @Transactional
  public Settings get() {
    return new Settings(boot.defaultProfile().name());
  }

  @PUT
  @Transactional
  public Settings put(Settings in) {
    if (in == null || in.defaultProfile() == null) {
      throw ApiProblem.badRequest("defaultProfile is required");
    }
    String name = Fields.line("defaultProfile", in.defaultProfile(), 64);
    Profile.byName(name)
        .orElseThrow(
            () -> ApiProblem.badRequest("defaultProfile: no profile named '" + name + "'"));
    return new Settings(settings.setDefaultProfile(name));
  }
}
