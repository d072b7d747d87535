package dev.bootkeeper.api;

import dev.bootkeeper.boot.BootService;
import dev.bootkeeper.boot.Bootloaders;
import dev.bootkeeper.boot.LoaderConfig;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * Which boot loaders are in the images directory. Open for reading like the rest of the API's
 * reads: it tells nothing a booting machine could not find out by asking for the files.
 */
@Path("/api/v1/bootloaders")
@Produces(MediaType.APPLICATION_JSON)
public class BootloaderResource {

  private final BootService boot;
  private final LoaderConfig loaders;

  public BootloaderResource(BootService boot, LoaderConfig loaders) {
    this.boot = boot;
    this.loaders = loaders;
  }

  @GET
  @Blocking
  public List<Bootloaders.Status> list() {
    return Bootloaders.check(boot.imageRoot(), loaders);
  }
}
