package dev.bootkeeper.nbd;

import dev.bootkeeper.boot.BootkeeperConfig;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;

/**
 * Exports the images directory as it is on disk, unless the application provides its own {@link
 * NbdExports} bean (which then wins).
 */
@ApplicationScoped
public class NbdExportsProducer {

  @Produces
  @DefaultBean
  @ApplicationScoped
  NbdExports directoryExports(BootkeeperConfig config, NbdConfig nbd) {
    return new DirectoryExports(Path.of(config.imagesDir()), nbd.archisoImage());
  }
}
