package dev.bootkeeper.inventory;

import dev.bootkeeper.Golden;
import dev.bootkeeper.boot.ConfigFormat;
import dev.bootkeeper.boot.ConfigRenderer;
import dev.bootkeeper.boot.MacAddress;
import dev.bootkeeper.boot.ProfileSpecs;
import dev.bootkeeper.boot.RenderContext;
import dev.bootkeeper.store.Profile;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every preset, with sample parameters, rendered in every format against golden files. */
class PresetGoldenTest {

  static final Map<String, Map<String, String>> SAMPLE =
      Map.of(
          "systemrescue-http", Map.of("image", "systemrescue-12.00"),
          "systemrescue-nbd", Map.of("image", "systemrescue-12.00", "label", "RESCUE1200"),
          "systemrescue-nfs", Map.of("image", "systemrescue-12.00"),
          "systemrescue-legacy", Map.of("image", "sysrcd-5.3.2"),
          "linux", Map.of("kernel", "debian/vmlinuz", "initrd", "debian/initrd.img"),
          "local-disk", Map.of(),
          "memtest", Map.of());

  @Test
  void everyPresetRendersAsRecorded() {
    ConfigRenderer renderer = new ConfigRenderer();
    RenderContext ctx =
        new RenderContext(
            "198.18.0.1",
            "http://198.18.0.1:8080",
            "/srv/images",
            Optional.of(MacAddress.of("52:54:00:aa:bb:cc")),
            "undionly.kpxe",
            "snponly.efi");
    for (PresetCatalog.Preset preset : PresetCatalog.all()) {
      Profile p = new Profile();
      ProfileMapper.apply(
          PresetCatalog.instantiate(preset, preset.id(), SAMPLE.get(preset.id())), p, renderer);
      for (ConfigFormat f : ConfigFormat.values()) {
        Golden.assertMatches(
            "presets/" + preset.id() + "." + f.id(), renderer.render(ProfileSpecs.from(p), f, ctx));
      }
    }
  }
}
