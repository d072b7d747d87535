package dev.bootkeeper.nbd;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Exports from a fixed map, for tests that need no files. */
final class MapExports implements NbdExports {

  private final Map<String, NbdExport> exports = new LinkedHashMap<>();

  MapExports add(String name, long size, String description) {
    exports.put(name, new NbdExport(name, Path.of("/nonexistent/" + name), size, description));
    return this;
  }

  MapExports add(NbdExport export) {
    exports.put(export.name(), export);
    return this;
  }

  @Override
  public Optional<NbdExport> find(String name) {
    return Optional.ofNullable(exports.get(name));
  }

  @Override
  public List<NbdExport> list() {
    return new ArrayList<>(exports.values());
  }
}
