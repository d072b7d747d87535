package dev.bootkeeper.dashboard;

import dev.bootkeeper.boot.BootService;
import dev.bootkeeper.boot.Bootloaders;
import dev.bootkeeper.boot.LoaderConfig;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The boot loaders of {@link Bootloaders} (which ones a network needs, and where each comes from)
 * as the Images page and the overview show them.
 */
@ApplicationScoped
public class LoaderTable {

  @TemplateData
  public record Loader(String path, String purpose, boolean present, String size, String hint) {}

  private final BootService boot;
  private final LoaderConfig config;

  public LoaderTable(BootService boot, LoaderConfig config) {
    this.boot = boot;
    this.config = config;
  }

  public List<Loader> loaders() {
    return Bootloaders.check(boot.imageRoot(), config).stream()
        .map(
            s ->
                new Loader(
                    s.file(),
                    s.purpose(),
                    s.present(),
                    s.present() ? Sizes.human(s.size()) : "",
                    s.hint() == null ? "" : s.hint()))
        .toList();
  }

  public List<String> missing() {
    return loaders().stream().filter(l -> !l.present()).map(Loader::path).toList();
  }
}
