package dev.bootkeeper.nbd;

import dev.bootkeeper.boot.BootService;
import dev.bootkeeper.boot.BootkeeperConfig;
import dev.bootkeeper.boot.MacAddress;
import dev.bootkeeper.boot.ProfileSpec;
import dev.bootkeeper.store.Stage3Method;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Exports the images directory as it is on disk, unless the application provides its own {@link
 * NbdExports} bean (which then wins).
 */
@ApplicationScoped
public class NbdExportsProducer {

  @Produces
  @DefaultBean
  @ApplicationScoped
  NbdExports directoryExports(BootkeeperConfig config, NbdConfig nbd, BootService boot) {
    return new DirectoryExports(
        Path.of(config.imagesDir()), nbd.archisoImage(), mac -> nbdStage3(boot, mac));
  }

  /**
   * The NBD stage-3 image of the profile the machine boots now. Asked once per handshake option on
   * the NBD I/O pool, never on an event loop; a store that cannot answer leaves {@code archiso} as
   * configured.
   */
  static Optional<String> nbdStage3(BootService boot, MacAddress mac) {
    try {
      ProfileSpec p = boot.decide(mac).profile();
      return p.stage3Method().filter(m -> m == Stage3Method.NBD).map(m -> p.stage3Image());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
